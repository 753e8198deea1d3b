//! Entry point: parse the command line, then open the app or run a headless command.

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_proj();
    return_large_blocks();
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

/// glibc keeps freed memory for later by default, and raises the size it serves from its own
/// heaps as large blocks are freed: the buffers of a load (a file's bytes, the columns being
/// built, the parsing threads' scratch) then stay counted against the process long after the
/// layer is made. Blocks of 128 KiB and more are mapped on their own instead, and go back to the
/// system when freed (a layer of 200 000 parcels: 279 MB at the peak before, 221 MB after, for
/// the same frame times). A `MALLOC_MMAP_THRESHOLD_` set by the user wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks() {
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: mallopt only changes the allocator's parameters; it is called first thing in
        // `main`, before any other thread allocates.
        #[allow(unsafe_code)]
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks() {}
