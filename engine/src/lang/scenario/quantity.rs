//! Exact decimal quantities: durations (`250ms`, `1.5s`, `40us`) and percentages (`0.5%`, `-20%`).
//!
//! Parsed by hand into integers, never through floats: `1.1s` must be exactly 1 100 000 µs on
//! every platform, or a shared link would replay a different run.

use crate::time::Micros;

/// The longest duration or time a scenario may name: one hour of simulated time.
pub const MAX_DURATION_US: Micros = 3_600_000_000;

/// Why a quantity did not parse; the caller words the message, as it knows what the number is
/// (this type's own words are generic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// It starts with `-` where only non-negative values make sense.
    #[error("must not be negative")]
    Negative,
    /// Not a number followed by a unit.
    #[error("not a number with a unit, such as 250ms or 1.5s")]
    Malformed,
    /// More decimals than the unit can carry (finer than 1 µs, or than 1 ppm).
    #[error("finer than the unit allows")]
    TooFine,
    /// Outside the caller's bounds.
    #[error("out of range")]
    OutOfRange,
}

/// `int[.frac]` as an integer scaled by `10^scale`, at most `cap`.
fn parse_decimal(text: &str, scale: u32, cap: u128) -> Result<u128, QuantityError> {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(QuantityError::Malformed);
    }
    let frac = frac.unwrap_or("").trim_end_matches('0');
    if frac.len() > scale as usize {
        return Err(QuantityError::TooFine);
    }
    let mut value: u128 = 0;
    for b in int.bytes() {
        // Checking against the cap at every digit keeps a thousand-digit number from overflowing.
        value = value * 10 + u128::from(b - b'0');
        if value > cap {
            return Err(QuantityError::OutOfRange);
        }
    }
    let mut fraction: u128 = 0;
    for i in 0..scale as usize {
        let digit = frac.as_bytes().get(i).map_or(0, |b| b - b'0');
        fraction = fraction * 10 + u128::from(digit);
    }
    value = value * 10u128.pow(scale) + fraction;
    if value > cap {
        return Err(QuantityError::OutOfRange);
    }
    Ok(value)
}

/// A duration such as `250ms`, `1.5s` or `40us`, in microseconds, at most [`MAX_DURATION_US`].
pub fn parse_duration(text: &str) -> Result<Micros, QuantityError> {
    if text.starts_with('-') {
        return Err(QuantityError::Negative);
    }
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 0)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 3)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 6)
    } else {
        return Err(QuantityError::Malformed);
    };
    let value = parse_decimal(number, scale, u128::from(MAX_DURATION_US))?;
    Ok(value as Micros)
}

/// A percentage such as `0.5%` or `-20%`, in parts per million, within `min..=max` (ppm).
/// A sign is accepted only when `min` is negative.
pub(crate) fn parse_percent_ppm(text: &str, min: i64, max: i64) -> Result<i64, QuantityError> {
    let number = text.strip_suffix('%').ok_or(QuantityError::Malformed)?;
    let (negative, digits) = match number.as_bytes().first() {
        Some(b'-') if min < 0 => (true, &number[1..]),
        Some(b'-') => return Err(QuantityError::Negative),
        Some(b'+') if min < 0 => (false, &number[1..]),
        _ => (false, number),
    };
    let cap = if negative {
        min.unsigned_abs()
    } else {
        max.unsigned_abs()
    };
    let magnitude = parse_decimal(digits, 4, u128::from(cap))? as i64;
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_duration, format_percent, format_signed_percent};

    #[test]
    fn durations_are_exact() {
        assert_eq!(parse_duration("250ms"), Ok(250_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000));
        assert_eq!(parse_duration("1.1s"), Ok(1_100_000));
        assert_eq!(parse_duration("2s"), Ok(2_000_000));
        assert_eq!(parse_duration("40us"), Ok(40));
        assert_eq!(parse_duration("0.000001s"), Ok(1));
        assert_eq!(parse_duration("1.5000000000s"), Ok(1_500_000));
        assert_eq!(parse_duration("0007ms"), Ok(7_000));
        assert_eq!(parse_duration("3600s"), Ok(MAX_DURATION_US));
    }

    #[test]
    fn bad_durations_say_why() {
        use QuantityError::*;
        assert_eq!(parse_duration("-1s"), Err(Negative));
        assert_eq!(parse_duration("1.0000001s"), Err(TooFine));
        assert_eq!(parse_duration("1.5us"), Err(TooFine));
        assert_eq!(parse_duration("3600.000001s"), Err(OutOfRange));
        assert_eq!(
            parse_duration(&format!("{}s", "9".repeat(500))),
            Err(OutOfRange)
        );
        for bad in [
            "", "s", "ms", "5", "5m", ".5s", "5.s", "1..5s", "+1s", "1e3ms", "½s", "5 ms",
        ] {
            assert_eq!(parse_duration(bad), Err(Malformed), "{bad:?}");
        }
    }

    #[test]
    fn durations_print_shortest() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(250_000), "250ms");
        assert_eq!(format_duration(1_500_000), "1.5s");
        assert_eq!(format_duration(2_000_000), "2s");
        assert_eq!(format_duration(2_500), "2.5ms");
        assert_eq!(format_duration(40), "40us");
        assert_eq!(format_duration(1_234_567), "1234567us");
        for us in [
            0,
            1,
            9,
            10,
            999,
            1_000,
            1_001,
            12_345,
            100_000,
            1_000_001,
            MAX_DURATION_US,
        ] {
            assert_eq!(parse_duration(&format_duration(us)), Ok(us));
        }
    }

    #[test]
    fn percentages() {
        let loss = |t| parse_percent_ppm(t, 0, 1_000_000);
        assert_eq!(loss("0%"), Ok(0));
        assert_eq!(loss("0.5%"), Ok(5_000));
        assert_eq!(loss("100%"), Ok(1_000_000));
        assert_eq!(loss("100.0001%"), Err(QuantityError::OutOfRange));
        assert_eq!(loss("-1%"), Err(QuantityError::Negative));
        assert_eq!(loss("0.00001%"), Err(QuantityError::TooFine));
        assert_eq!(loss("5"), Err(QuantityError::Malformed));
        let drift = |t| parse_percent_ppm(t, -900_000, 9_000_000);
        assert_eq!(drift("+20%"), Ok(200_000));
        assert_eq!(drift("-20%"), Ok(-200_000));
        assert_eq!(drift("20%"), Ok(200_000));
        assert_eq!(drift("-95%"), Err(QuantityError::OutOfRange));
        assert_eq!(drift("+-5%"), Err(QuantityError::Malformed));
        assert_eq!(format_percent(5_000), "0.5%");
        assert_eq!(format_signed_percent(-200_000), "-20%");
        assert_eq!(format_signed_percent(0), "+0%");
    }
}
