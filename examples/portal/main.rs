//! A local open-data portal for tests and offline training sessions:
//! `cargo run --example portal -- --port 8765 --data sample-data [--fault 429|500|timeout|truncate|slow|html|401|403]`.

#[allow(dead_code)] // Tests use the whole API; this binary only part of it.
mod server;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let mut port = 8765;
    let mut data = PathBuf::from("sample-data");
    let mut fault = None;
    let mut numbers_as_text = false;
    let mut private = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next().context("--port PORT")?.parse()?,
            "--data" => data = args.next().context("--data FOLDER")?.into(),
            "--fault" => {
                let kind = args.next().context("--fault KIND")?;
                let kind = server::FaultKind::parse(&kind)
                    .with_context(|| format!("unknown fault: {kind}"))?;
                fault = Some(server::Fault { kind, times: None });
            }
            "--numbers-as-text" => numbers_as_text = true,
            "--private" => {
                let spec = args.next().context("--private ID:KEY")?;
                let (id, key) = spec.split_once(':').context("--private ID:KEY")?;
                private.push((id.to_string(), key.to_string()));
            }
            other => bail!("unknown argument: {other}"),
        }
    }
    let portal = server::LocalPortal::start(&data, port)
        .with_context(|| format!("cannot serve {}", data.display()))?;
    portal.set_fault(fault);
    portal.set_numbers_as_text(numbers_as_text);
    for (id, key) in &private {
        portal.set_key(id, key);
    }
    println!(
        "Portail local : {} (données : {})",
        portal.url(),
        data.display()
    );
    loop {
        std::thread::park();
    }
}
