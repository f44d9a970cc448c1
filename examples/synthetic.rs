//! Prints a synthetic API estate of about N boundaries + elements + flows.
//!
//! `cargo run --release --example synthetic -- 1000 --seed 1 > estate.ron`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut n = None;
    let mut seed = 1;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--seed" => match iter.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => usage("--seed takes a whole number"),
            },
            other => match other.parse() {
                Ok(v) => n = Some(v),
                Err(_) => usage(&format!("unexpected argument {other:?}")),
            },
        }
    }
    let Some(n) = n else { usage("N is required") };
    let model = threatmap::synthetic::generate(n, seed);
    print!("{}", threatmap::model::to_canonical_string(&model));
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}\nusage: synthetic N [--seed S]");
    std::process::exit(2);
}
