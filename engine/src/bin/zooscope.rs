//! `zooscope`: the headless command line of the ZooScope engine.

fn main() {
    eprintln!("zooscope: no commands yet");
    std::process::exit(2);
}
