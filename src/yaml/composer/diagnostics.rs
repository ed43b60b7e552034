//! The composer's errors: where they are, on which values path.

use super::Composer;
use crate::yaml::{Mark, YamlError, dotted};

impl Composer {
    pub(super) fn ambiguous(&self, at: Mark, text: &str) -> YamlError {
        YamlError {
            mark: at,
            path: self.dotted_path(),
            message: format!("plain scalar {text:?} reads differently in YAML 1.1 (kubectl) and YAML 1.2"),
            hint: Some("quote it".into()),
        }
    }

    pub(super) fn error(&self, at: Mark, message: &str) -> YamlError {
        YamlError { mark: at, path: self.dotted_path(), message: message.into(), hint: None }
    }

    pub(super) fn dotted_path(&self) -> String {
        dotted(&self.path)
    }

    pub(super) fn dotted_path_with(&self, last: &str) -> String {
        let mut path = self.path.clone();
        path.push(last.to_owned());
        dotted(&path)
    }
}
