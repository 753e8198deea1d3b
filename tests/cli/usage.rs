//! The command line itself: French help for the program and each command, shell completions,
//! usage errors with exit code 2.

use std::process::{Command, Output};

fn territoire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(args)
        .output()
        .expect("run territoire")
}

fn stdout_of(args: &[&str]) -> String {
    let out = territoire(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn help_is_in_french() {
    let help = stdout_of(&["--help"]);
    for expected in [
        "Utilisation :",
        "Commandes :",
        "Options :",
        "visionneuse cartographique",
        "zones",
        "completions",
        "--screenshot <SORTIE.png>",
        "--internal <ADRESSE>",
        "sans fond de carte",
    ] {
        assert!(help.contains(expected), "{expected:?} missing:\n{help}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "Print version",
    ] {
        assert!(!help.contains(english), "{english:?} in:\n{help}");
    }
    assert_eq!(stdout_of(&["-h"]), help);
}

#[test]
fn every_command_has_french_help() {
    let zones = stdout_of(&["zones", "--help"]);
    for expected in [
        "Utilisation : territoire zones --zones SOURCE --count SOURCE",
        "compte les objets par zone",
        "--distance <MÈTRES>",
        "secret statistique",
        "affiche cette aide",
    ] {
        assert!(zones.contains(expected), "{expected:?} missing:\n{zones}");
    }
    for command in ["info", "export", "diff", "catalog", "key", "completions"] {
        let help = stdout_of(&[command, "--help"]);
        assert!(
            help.contains(&format!("Utilisation : territoire {command}"))
                && help.contains("Options :")
                && !help.contains("Print help"),
            "{command}:\n{help}"
        );
    }
}

#[test]
fn lang_en_gives_english_help() {
    let help = stdout_of(&["zones", "--help", "--lang", "en"]);
    assert!(
        help.contains("Usage: territoire zones") && help.contains("counts features per zone"),
        "{help}"
    );
    assert!(stdout_of(&["--lang", "en", "--help"]).contains("map viewer"));
}

#[test]
fn version_is_printed() {
    let version = stdout_of(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("territoire {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bash_completions_know_the_commands() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(
        script.contains("territoire") && script.contains("zones") && script.contains("--near"),
        "{script}"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(
            stdout_of(&["completions", shell]).contains("zones"),
            "{shell}"
        );
    }
}

#[test]
fn usage_errors_exit_with_code_2_and_a_french_message() {
    for (args, says) in [
        (&["--bogus"][..], "option inconnue : --bogus"),
        (
            &["zones", "--zones", "q.geojson", "--frobnicate"],
            "option inconnue : --frobnicate",
        ),
        (
            &["zones", "--zones", "q.geojson"],
            "utilisation : territoire zones",
        ),
        (&["info"], "info attend un seul fichier"),
        (&["key", "show"], "utilisation : territoire key"),
        (
            &["completions", "tcsh"],
            "utilisation : territoire completions",
        ),
        (&["--step", "0"], "--step attend un numéro"),
        (&["--compare", "rideau"], "« rideau »"),
        (&["--lang", "de"], "« de »"),
        (&["--internal"], "--internal attend l'adresse d'un serveur"),
        (
            &["--internal", "postgresql://sig/base?sslmode=bof"],
            "sslmode vaut disable",
        ),
        (&["--internal", "cadastre"], "« cadastre »"),
        (&["info", "a.csv", "--where"], "--where attend un filtre"),
        (
            &["zones", "--zones", "q", "--count", "a", "--near", "v"],
            "--near et --distance",
        ),
    ] {
        let out = territoire(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("territoire: ") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}
