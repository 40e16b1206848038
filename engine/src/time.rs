//! Virtual time. The engine never reads a wall clock: time is a number of microseconds that the
//! simulator advances.

/// A point in (or span of) simulated time, in microseconds.
pub type Micros = u64;

/// `n` milliseconds as [`Micros`].
pub const fn ms(n: u64) -> Micros {
    n * 1_000
}

/// `n` seconds as [`Micros`].
pub const fn secs(n: u64) -> Micros {
    n * 1_000_000
}

/// `value / 10^scale` written with the fewest digits: `1.5`, `250`, `0.0001`.
pub fn format_decimal(value: u64, scale: u32) -> String {
    let unit = 10u64.pow(scale);
    let (int, frac) = (value / unit, value % unit);
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = scale as usize);
    format!("{int}.{}", digits.trim_end_matches('0'))
}

/// A duration in its canonical form: the shortest text among `s`, `ms` and `us`; on a tie, the
/// one without a decimal point, then the larger unit (`250ms`, not `0.25s`; `1.5s`; `0s`).
pub fn format_duration(us: Micros) -> String {
    let candidates = [
        format!("{}s", format_decimal(us, 6)),
        format!("{}ms", format_decimal(us, 3)),
        format!("{us}us"),
    ];
    let mut best = &candidates[0];
    for candidate in &candidates[1..] {
        let key = |s: &String| (s.len(), s.contains('.'));
        if key(candidate) < key(best) {
            best = candidate;
        }
    }
    best.clone()
}

/// A percentage given in parts per million, with the fewest digits: `0%`, `0.5%`, `12.3456%`.
pub fn format_percent(ppm: u32) -> String {
    format!("{}%", format_decimal(u64::from(ppm), 4))
}

/// A signed percentage given in parts per million, always with its sign: `+20%`, `-0.5%`, `+0%`.
pub fn format_signed_percent(ppm: i32) -> String {
    let sign = if ppm < 0 { '-' } else { '+' };
    format!("{sign}{}", format_percent(ppm.unsigned_abs()))
}
