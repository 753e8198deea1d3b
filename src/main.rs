//! Entry point: parse the command line, then open the app or run a headless command.

use std::process::ExitCode;

fn main() -> ExitCode {
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
