//! The `rgen` command line: parses arguments, calls the library, prints, sets the exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rgen::{Failure, Request, diagnostic::Diagnostic};

const EXAMPLES: &str = "\
Examples:
  rgen render | kubectl apply -f -                      # the embedded default bundle
  rgen render values/seed-000-nas.yaml > bundle.yaml
  rgen render base.yaml prod.yaml --set cluster.masters=5
  rgen validate values.yaml
  rgen schema > rgen.schema.json

Exit codes: 0 success, 1 invalid values or input, 2 usage error, 3 internal error (a bug).";

/// Render a secure, deterministic Kubernetes bundle for Redis Cluster from a typed values file.
#[derive(Parser)]
#[command(name = "rgen", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the bundle as a multi-document YAML stream on stdout.
    #[command(after_help = EXAMPLES)]
    Render(Inputs),
    /// Check values and print every problem, or a one-line OK.
    Validate(Inputs),
    /// Print the JSON Schema of the values file (for editors and CI).
    Schema {
        /// `json`: the JSON Schema; `markdown`: the values reference table of the README.
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaFormat {
    Json,
    Markdown,
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

impl From<Inputs> for Request {
    fn from(i: Inputs) -> Self {
        Request { files: i.files, sets: i.sets, name: i.name, namespace: i.namespace }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render(inputs) => match rgen::bundle(&inputs.into()) {
            Ok(bundle) => {
                print_diagnostics(&bundle.warnings);
                for note in &bundle.notes {
                    eprintln!("note: {note}");
                }
                write_stdout(&rgen::emit::stream(&bundle.manifests))
            }
            Err(failure) => report(failure),
        },
        Command::Validate(inputs) => match rgen::validated(&inputs.into()) {
            Ok(validated) => {
                print_diagnostics(&validated.warnings);
                for note in rgen::pipeline::notes(&validated.values) {
                    eprintln!("note: {note}");
                }
                let v = &validated.values;
                let warnings = match validated.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                };
                write_stdout(&format!(
                    "OK: {} in namespace {}: {} masters x {} replicas = {} pods{warnings}\n",
                    v.name,
                    v.namespace,
                    v.cluster.masters,
                    v.cluster.replicas_per_master,
                    v.cluster.pods()
                ))
            }
            Err(failure) => report(failure),
        },
        Command::Schema { format: SchemaFormat::Json } => write_stdout(rgen::schema::VALUES_SCHEMA_TEXT),
        Command::Schema { format: SchemaFormat::Markdown } => write_stdout(&rgen::schema_doc::markdown_reference()),
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{d}");
    }
}

fn report(failure: Failure) -> ExitCode {
    match failure {
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Failure::Invalid(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {errors} problem(s) in the values; nothing was rendered");
            ExitCode::from(1)
        }
        Failure::Internal(e) => {
            eprintln!("error: {e}\nThis is a bug in rgen; please report it with the values that caused it.");
            ExitCode::from(3)
        }
    }
}

fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
