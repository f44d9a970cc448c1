fn main() {
    std::process::exit(threatmap::cli::run());
}
