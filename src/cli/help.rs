//! The grammar's words in the user's language: help texts, headings and value names from the
//! locale files, and clap's errors turned into the program's own messages.
//!
//! Locale keys, for a command `c` (`main` for the window) and an option or argument `a` (its
//! long name, else its id): `cli-about-c`, `cli-synopsis-c`, `cli-after-c` (optional),
//! `cli-arg-c-a` else `cli-arg-a` (help), `cli-value-c-a` else `cli-value-a` (value name).

use std::ffi::OsString;

use clap::builder::{Resettable, StyledStr};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory as _};

use super::Command;
use super::line::Line;
use crate::i18n::{Language, tr, tr_args};

/// The name of the window's "command" in locale keys.
const MAIN: &str = "main";

/// The whole grammar, with its texts in the current language.
pub(super) fn command() -> clap::Command {
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version);
    localize(Line::command().arg(version), MAIN, &|key| {
        crate::i18n::has_key(key).then(|| tr(key))
    })
}

/// The language asked with `--lang` (the last one, before any `--`), so that the help can be
/// written in it before clap reads the line.
pub(super) fn language_asked(args: &[OsString]) -> Option<Language> {
    let mut asked = None;
    let mut iter = args.iter().map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        match arg {
            Some("--") => break,
            Some("--lang") => {
                asked = iter
                    .next()
                    .flatten()
                    .and_then(|v| super::line::language(v).ok())
            }
            Some(a) => {
                if let Some(value) = a.strip_prefix("--lang=") {
                    asked = super::line::language(value).ok();
                }
            }
            None => {}
        }
    }
    asked
}

/// The text of a key, or `None` when the locale files lack it.
type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Sets the texts of `cmd` (named `name` in locale keys), its arguments and its subcommands.
fn localize(cmd: clap::Command, name: &str, text: Lookup<'_>) -> clap::Command {
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help);
    let template = format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        text("cli-heading-usage").unwrap_or_default()
    );
    let mut cmd = cmd
        .disable_help_flag(true)
        .arg(help)
        .help_template(template)
        // A repeated option keeps its last value, as the hand-written parser did.
        .args_override_self(true)
        .about(styled(text(&format!("cli-about-{name}"))))
        .override_usage(styled(text(&format!("cli-synopsis-{name}"))))
        .after_help(styled(text(&format!("cli-after-{name}"))))
        .subcommand_help_heading(text("cli-heading-commands").unwrap_or_default())
        .subcommand_value_name(text("cli-value-command").unwrap_or_default());
    let ids: Vec<_> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for (order, id) in ids.into_iter().enumerate() {
        // In the order of declaration (clap would sort arguments under a heading by name);
        // `--lang`, shown by every command, comes last.
        cmd = cmd.mut_arg(id, |arg| {
            let order = if arg.is_global_set() {
                1000 + order
            } else {
                order
            };
            localize_arg(arg, name, text).display_order(order)
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for sub in names {
        cmd = cmd.mut_subcommand(&sub, |c| localize(c, &sub, text));
    }
    cmd
}

/// A text that may be absent, for clap's setters.
fn styled(text: Option<String>) -> Resettable<StyledStr> {
    text.map(StyledStr::from).into()
}

/// The name of an argument in locale keys: its long option without dashes, else its id.
fn arg_name(arg: &Arg) -> String {
    arg.get_long()
        .map_or_else(|| arg.get_id().to_string(), str::to_owned)
}

/// The text of `cli-{kind}-{command}-{arg}`, else of `cli-{kind}-{arg}`.
fn arg_text(kind: &str, command: &str, arg: &str, text: Lookup<'_>) -> Option<String> {
    text(&format!("cli-{kind}-{command}-{arg}")).or_else(|| text(&format!("cli-{kind}-{arg}")))
}

fn localize_arg(arg: Arg, command: &str, text: Lookup<'_>) -> Arg {
    let name = arg_name(&arg);
    let heading = if arg.is_positional() {
        "cli-heading-arguments"
    } else {
        "cli-heading-options"
    };
    let mut arg = arg
        .help(styled(arg_text("arg", command, &name, text)))
        .long_help(None::<&str>)
        .help_heading(text(heading).unwrap_or_default());
    if arg.get_action().takes_values() {
        if let Some(value) = arg_text("value", command, &name, text) {
            arg = arg.value_name(value);
        }
        // The value is the next argument whatever it looks like: `--where '-x > 1'` is a filter.
        if !arg.is_positional() {
            arg = arg.allow_hyphen_values(true);
        }
    }
    arg
}

/// What a clap error means here: the help or version was asked, or the line is wrong.
pub(super) fn outcome(error: &clap::Error, subcommand: Option<&str>) -> Result<Command, String> {
    match error.kind() {
        ErrorKind::DisplayHelp => Ok(Command::Help(error.render().to_string())),
        ErrorKind::DisplayVersion => Ok(Command::Version),
        _ => Err(message(error, subcommand)),
    }
}

/// The message for a wrong command line, in the program's words (not clap's English).
pub(super) fn message(error: &clap::Error, subcommand: Option<&str>) -> String {
    let usage = || tr(usage_key(subcommand));
    let invalid = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.first().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    // "--where <FILTRE>" → "--where".
    let option = invalid(ContextKind::InvalidArg);
    let option = option.split_whitespace().next().unwrap_or_default();
    match error.kind() {
        ErrorKind::ValueValidation => {
            std::error::Error::source(error).map_or_else(usage, |e| e.to_string())
        }
        ErrorKind::UnknownArgument if option.starts_with('-') => {
            tr_args("cli-unknown-option", &[("option", option)])
        }
        ErrorKind::InvalidValue if invalid(ContextKind::InvalidValue).is_empty() => {
            missing_value(option).unwrap_or_else(usage)
        }
        _ => usage(),
    }
}

/// The usage line shown when a command's arguments are wrong.
fn usage_key(subcommand: Option<&str>) -> &'static str {
    match subcommand {
        Some("info") => "cli-info-one-source",
        Some("export") => "cli-export-usage",
        Some("zones") => "cli-zones-usage",
        Some("diff") => "cli-diff-usage",
        Some("check") => "cli-check-usage",
        Some("catalog") => "cli-catalog-usage",
        Some("key") => "cli-key-usage",
        Some("completions") => "cli-completions-usage",
        _ => "cli-main-usage",
    }
}

/// The message for an option given without its value, with an example where one helps.
fn missing_value(option: &str) -> Option<String> {
    let key = match option {
        "--where" => "cli-where-needs-filter",
        "--crs" => "cli-crs-needs-value",
        "--portal" => "cli-portal-needs-url",
        "--internal" => "cli-internal-needs-url",
        "--geocoder" => "cli-geocoder-needs-url",
        "--screenshot" => "cli-screenshot-needs-path",
        "--print" => "cli-print-needs-title",
        "--step" => "cli-step-needs-number",
        "--benchmark-frames" => "cli-frames-needs-number",
        "--compare" => return Some(tr_args("cli-bad-compare", &[("mode", "")])),
        "--lang" => return Some(tr_args("cli-bad-lang", &[("lang", "")])),
        "--paper" => return Some(tr_args("cli-bad-paper", &[("paper", "")])),
        "--orientation" => return Some(tr_args("cli-bad-orientation", &[("orientation", "")])),
        "--dpi" => return Some(tr_args("cli-bad-dpi", &[("dpi", "")])),
        _ => return None,
    };
    Some(tr(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN_SOURCE, FR_SOURCE, parse_locale};

    /// Commands and arguments that have no help text, as `command argument`.
    fn unexplained(cmd: &clap::Command, out: &mut Vec<String>) {
        if cmd.get_about().is_none() || cmd.get_overridden_usage().is_none() {
            out.push(cmd.get_name().to_owned());
        }
        for arg in cmd.get_arguments().filter(|a| a.get_help().is_none()) {
            out.push(format!("{} {}", cmd.get_name(), arg.get_id()));
        }
        for sub in cmd.get_subcommands() {
            unexplained(sub, out);
        }
    }

    #[test]
    fn every_text_is_in_both_locale_files() {
        for source in [FR_SOURCE, EN_SOURCE] {
            let table = parse_locale(source);
            let lookup = |key: &str| table.get(key).cloned();
            let version = Arg::new("version")
                .long("version")
                .action(ArgAction::Version);
            let cmd = localize(Line::command().arg(version), MAIN, &lookup);
            let mut missing = Vec::new();
            unexplained(&cmd, &mut missing);
            for key in ["usage", "commands", "arguments", "options"] {
                if !table.contains_key(&format!("cli-heading-{key}")) {
                    missing.push(format!("cli-heading-{key}"));
                }
            }
            assert!(missing.is_empty(), "{missing:?}");
        }
    }

    #[test]
    fn the_grammar_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn lang_is_found_before_clap_reads_the_line() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            language_asked(&args(&["zones", "--help", "--lang", "en"])),
            Some(Language::En)
        );
        assert_eq!(language_asked(&args(&["--lang=fr"])), Some(Language::Fr));
        assert_eq!(language_asked(&args(&["--", "--lang", "en"])), None);
        assert_eq!(language_asked(&args(&["--lang", "de"])), None);
    }
}
