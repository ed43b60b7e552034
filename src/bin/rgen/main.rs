//! The `rgen` command line: parses arguments, calls the library, prints, sets the exit code.
//! Each subcommand lives in `commands.rs`; nothing here knows about Redis.

// The binary is where output happens; the library never prints (the lint holds it to that).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;
mod error;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use error::CliError;
use rgen::{Override, OverrideSyntaxError, Request};

const EXAMPLES: &str = "\
Examples:
  rgen render | kubectl apply -f -                      # the embedded default bundle
  rgen render values/seed-000-nas.yaml > bundle.yaml
  rgen render base.yaml prod.yaml --set cluster.masters=5
  rgen render values.yaml --output-dir deploy/redis     # one file per resource + kustomization
  rgen check deploy/redis values.yaml                   # CI gate: is deploy/redis up to date?
  rgen plan deploy/redis values.yaml --set cluster.masters=4   # what will the apply do?
  rgen init --storage nas -o values.yaml && rgen schema -o rgen.schema.json
  rgen init --mode sentinel -o sentinel.yaml
  rgen package values.yaml --chart-version 1.0.0 -o dist

Exit codes: 0 success, 1 invalid values or input (or drift, for `check`; a refused step, for
`plan`), 2 usage error,
3 internal error (a bug).";

/// Render a secure, deterministic Kubernetes bundle for Redis Cluster or Redis Sentinel from a
/// typed values file.
#[derive(Parser)]
#[command(name = "rgen", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the bundle: a multi-document YAML stream on stdout, or a directory of files.
    #[command(after_help = EXAMPLES)]
    Render {
        #[command(flatten)]
        inputs: Inputs,
        /// Write one file per resource and a kustomization.yaml into DIR instead of stdout.
        /// DIR is replaced as a whole; files rgen wrote before and no longer renders are removed.
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Write into DIR even if it holds files rgen did not write (they are kept).
        #[arg(long, requires = "output_dir")]
        force: bool,
    },
    /// Check values and print every problem, or a one-line OK.
    Validate(Inputs),
    /// Exit 0 when DIR is exactly what `render --output-dir DIR` would write, else print a
    /// unified diff per file and exit 1.
    Check {
        /// The output directory to compare.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Say what applying the new render over the bundle in DIR (the last `render --output-dir`)
    /// will do: objects created, changed, deleted; rolling pods; changes `kubectl apply`
    /// refuses, with the safe procedure; topology steps. Reads files only. Exit 1 when a step
    /// must come first.
    Plan {
        /// The output directory of the last render.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        inputs: Inputs,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = commands::PlanFormat::Text)]
        format: commands::PlanFormat,
    },
    /// Write a commented starter values file with every field at its default.
    Init {
        /// What to deploy: Redis Cluster, or Redis Sentinel.
        #[arg(long, value_enum, default_value_t = commands::ModeArg::Cluster)]
        mode: commands::ModeArg,
        /// Storage backend of the starter file.
        #[arg(long, value_enum, default_value_t = commands::StorageArg::Dynamic)]
        storage: commands::StorageArg,
        /// Write to FILE instead of stdout (refuses to overwrite without --force).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// Schema location for the editor modeline; relative to the values file.
        #[arg(long, value_name = "URL", default_value = "rgen.schema.json")]
        schema_url: String,
    },
    /// Print the JSON Schema of the values file (for editors and CI).
    Schema {
        /// `json`: the JSON Schema; `markdown`: the values reference table (docs/values.md).
        #[arg(long, value_enum, default_value_t = commands::SchemaFormat::Json)]
        format: commands::SchemaFormat,
        /// Write to FILE instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Package the validated bundle as a Helm chart archive `<name>-<version>.tgz`.
    Package {
        #[command(flatten)]
        inputs: Inputs,
        /// Chart version (SemVer 2).
        #[arg(long, value_name = "VERSION", default_value = env!("CARGO_PKG_VERSION"))]
        chart_version: String,
        /// Directory to write the archive into (created if missing).
        #[arg(long, short = 'o', value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
    /// Print a shell completion script, e.g. `rgen completions bash > /etc/bash_completion.d/rgen`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
struct Inputs {
    /// Values files, deep-merged left to right (maps merge, lists replace, null deletes);
    /// `-` reads stdin. Without files the embedded default is used.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Override one value, e.g. `--set cluster.masters=5`; typed by the schema. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    /// Instance name (same as --set name=NAME).
    #[arg(long)]
    name: Option<String>,
    /// Namespace (same as --set namespace=NS).
    #[arg(long)]
    namespace: Option<String>,
}

impl Inputs {
    /// The library's request: files, then every `--set` in order, then `--name` and `--namespace`.
    fn request(self) -> Result<Request, CliError> {
        let mut overrides = Vec::with_capacity(self.sets.len() + 2);
        for set in &self.sets {
            let parsed = Override::parse(set, format!("--set {set}")).map_err(|e| {
                CliError::Usage(match e {
                    OverrideSyntaxError::MissingEquals => {
                        format!("--set {set}: expected path=value, e.g. --set cluster.masters=4")
                    }
                    OverrideSyntaxError::EmptySegment(_) => format!("--set {set}: {e}"),
                })
            })?;
            overrides.push(parsed);
        }
        for (flag, key, value) in [("--name", "name", &self.name), ("--namespace", "namespace", &self.namespace)] {
            if let Some(value) = value {
                overrides.push(Override::key(key, value, format!("{flag} {value}")));
            }
        }
        Ok(Request::files(&self.files, overrides))
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.report();
            e.code()
        }
    }
}

fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Render { inputs, output_dir: None, .. } => commands::render(&inputs.request()?),
        Command::Render { inputs, output_dir: Some(dir), force } => {
            commands::render_to_dir(&inputs.request()?, &dir, force)
        }
        Command::Validate(inputs) => commands::validate(&inputs.request()?),
        Command::Check { dir, inputs } => commands::check(&inputs.request()?, &dir),
        Command::Plan { dir, inputs, format } => commands::plan(&inputs.request()?, &dir, format),
        Command::Init { mode, storage, output, force, schema_url } => {
            commands::init(mode, storage, output.as_deref(), force, schema_url)
        }
        Command::Schema { format, output } => commands::schema(format, output.as_deref()),
        Command::Package { inputs, chart_version, output } => {
            commands::package(&inputs.request()?, &chart_version, &output)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "rgen", &mut script);
            output::stdout(&String::from_utf8_lossy(&script))
        }
    }
}
