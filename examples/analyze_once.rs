fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let model = threatmap::synthetic::generate(n, 1);
    let library = threatmap::library::built_in();
    let findings = threatmap::analysis::analyze(&model, &library);
    eprintln!("{} findings", findings.items.len());
}
