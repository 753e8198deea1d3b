//! Entry point: parse the command line, then open the app or run a headless command.

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_proj();
    territoire::logging::init();
    let command = match territoire::cli::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("territoire: {message}");
            return ExitCode::from(2);
        }
    };
    match territoire::cli::run(command) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("territoire: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// PROJ writes its own English lines on stderr when a definition does not parse; Territoire says
/// what happened in the user's language instead (the detail goes to its log). PROJ reads
/// `PROJ_DEBUG` when a context is made: 0 keeps it quiet, unless the user set a level.
fn quiet_proj() {
    if std::env::var_os("PROJ_DEBUG").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists, so nothing can
        // read the environment while it changes.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var("PROJ_DEBUG", "0");
        }
    }
}
