//! The `claimdex` command: argument parsing, printing and exit codes; the library does the work.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: indexing and listings allocate many small
/// strings, and glibc's malloc and free took a fifth of their CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`claimdex figures | head`) is not an error worth a message.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || e.downcast_ref::<claimdex::Error>().is_some_and(|ce| {
                        matches!(ce, claimdex::Error::Io { err, .. }
                            if err.kind() == std::io::ErrorKind::BrokenPipe)
                    })
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("claimdex: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
