//! In-process cost of the whole data path (load → merge → validate → render → check → emit) for
//! the default bundle, a 1000-pod NAS cluster, and 10/100/1000 pods to show the growth.
//! Run with `cargo bench`; whole-process numbers come from `scripts/bench.sh`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rgen::{Override, Request};

fn request(masters: u32) -> Request {
    let sets = [
        format!("cluster.masters={masters}"),
        "cluster.replicasPerMaster=1".into(),
        "storage.mode=nas".into(),
        "storage.nas.server=nas.example.com".into(),
        "storage.nas.basePath=/redis".into(),
    ];
    let overrides = sets.iter().map(|s| Override::parse(s, format!("--set {s}")).expect("well-formed")).collect();
    Request { inputs: Vec::new(), overrides }
}

fn render(request: &Request) -> usize {
    let bundle = rgen::bundle(request).expect("renders");
    rgen::emit::stream(&bundle.manifests).len()
}

fn benches(c: &mut Criterion) {
    c.bench_function("default bundle", |b| b.iter(|| render(&Request::default())));
    c.bench_function("1000 pods, static NAS PVs", |b| b.iter(|| render(&request(500))));
    let mut group = c.benchmark_group("growth (pods)");
    for pods in [10u32, 100, 1000] {
        group.throughput(Throughput::Elements(u64::from(pods)));
        group.bench_with_input(BenchmarkId::from_parameter(pods), &request(pods / 2), |b, r| b.iter(|| render(r)));
    }
    group.finish();
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
