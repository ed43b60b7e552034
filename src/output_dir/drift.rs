//! Drift: how an output directory differs from what a fresh render would write there.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use similar::TextDiff;

use super::layout::OutputFile;

/// One difference between the directory and the render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The file exists with other content; `diff` is a unified diff from the file to the render.
    Changed { name: String, diff: String },
    /// rgen would write the file; it is not there. `diff` adds the whole file.
    Missing { name: String, diff: String },
    /// The directory holds an entry rgen would not write.
    Extra { name: String },
}

impl Difference {
    pub fn name(&self) -> &str {
        match self {
            Difference::Changed { name, .. } | Difference::Missing { name, .. } | Difference::Extra { name } => name,
        }
    }
}

/// Every difference, sorted by file name; empty when the directory is up to date.
pub fn compare(dir: &Path, files: &[OutputFile]) -> io::Result<Vec<Difference>> {
    let mut present: BTreeMap<String, bool> = BTreeMap::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        present.insert(entry.file_name().to_string_lossy().into_owned(), entry.file_type()?.is_file());
    }
    let mut out = Vec::new();
    let shown_dir = dir.display().to_string();
    for f in files {
        let shown = format!("{}/{}", shown_dir.trim_end_matches('/'), f.name);
        match present.remove(&f.name) {
            None => {
                out.push(Difference::Missing { name: f.name.clone(), diff: unified("", &f.text, "/dev/null", &shown) })
            }
            Some(false) => {
                out.push(Difference::Extra { name: f.name.clone() });
                out.push(Difference::Missing { name: f.name.clone(), diff: unified("", &f.text, "/dev/null", &shown) });
            }
            Some(true) => {
                let on_disk = fs::read(dir.join(&f.name))?;
                if on_disk != f.text.as_bytes() {
                    let old = String::from_utf8_lossy(&on_disk);
                    out.push(Difference::Changed {
                        name: f.name.clone(),
                        diff: unified(&old, &f.text, &shown, &shown),
                    });
                }
            }
        }
    }
    out.extend(present.into_keys().map(|name| Difference::Extra { name }));
    out.sort_by(|a, b| a.name().cmp(b.name()));
    Ok(out)
}

/// A `diff -u` style diff with three lines of context; the header names the file in the
/// directory, with a tab-separated remark as `diff -u` puts its timestamps (`patch` reads it).
fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let old_label =
        if old_name == "/dev/null" { old_name.to_owned() } else { format!("{old_name}\t(in the directory)") };
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&old_label, &format!("{new_name}\t(rendered)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_gives_a_unified_hunk() {
        let diff = unified("a\nb\nc\n", "a\nB\nc\n", "d/x.yaml", "d/x.yaml");
        assert!(
            diff.starts_with("--- d/x.yaml\t(in the directory)\n+++ d/x.yaml\t(rendered)\n@@ -1,3 +1,3 @@\n"),
            "{diff}"
        );
        assert!(diff.contains("\n-b\n+B\n"), "{diff}");
    }
}
