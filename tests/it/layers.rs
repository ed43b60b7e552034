//! The library's top-level modules form layers: no module reaches, directly or through others,
//! back to itself. Read from the source as anyone can read it: every `crate::name` path (also
//! inside `use crate::{a, b::c}`) in a module's files, test code included, is an edge from that
//! module to `name`. Comments are left out. `cargo test --test it layers` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules of `src/` (the binary's own tree left out) and the modules each uses.
fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(src).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if relative != "bin" {
                    stack.push(path);
                }
                continue;
            }
            if !relative.ends_with(".rs") || relative == "lib.rs" {
                continue;
            }
            let module = relative.split(['/', '.']).next().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let used = graph.entry(module.clone()).or_default();
            used.extend(crate_paths(&text).into_iter().filter(|m| *m != module));
        }
    }
    graph
}

/// The first segment of every `crate::` path in `text`, outside comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // e.g. `$crate::` or `other_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Names at depth 1 of the braces: `{a, b::c, d::{e, f}}` -> a, b, d.
            let (mut depth, mut start) = (1, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => {
                        rest = &group[i..];
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 1 => start = true,
                    c if start && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                        let name: String =
                            group[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        out.insert(name);
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out.remove("");
    out
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    for (module, used) in &graph {
        println!("{module} -> {}", used.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    // The reader sees the graph it should: the data path's edges are there.
    for (from, to) in [("pipeline", "render"), ("validate", "values"), ("values", "syntax"), ("render", "values")] {
        assert!(graph[from].contains(to), "{from} -> {to} not found: the reader is broken");
    }
    // The leaf uses nothing of rgen.
    assert!(graph["syntax"].is_empty(), "syntax is a leaf, but uses {:?}", graph["syntax"]);
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_reader_finds_grouped_paths_and_cycles() {
    let text =
        "use crate::{a, b::c, d::{e, f}};\nuse crate::g::H; // crate::ignored\nfn x() { crate::i::j(); $crate::k; }";
    let found: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(found, ["a", "b", "d", "g", "i"]);
    let graph: Graph = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")].iter().fold(Graph::new(), |mut g, (x, y)| {
        g.entry((*x).into()).or_default().insert((*y).into());
        g
    });
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let mut acyclic = graph.clone();
    acyclic.get_mut("c").unwrap().remove("a");
    assert_eq!(find_cycle(&acyclic), None);
}
