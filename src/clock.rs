//! Dates and times, with jiff: today's date in the user's time zone for
//! decisions, an optional UTC timestamp for reports, and the one check of a
//! date written in a model or on the command line.

use jiff::civil::Date;

/// Today as `YYYY-MM-DD`, in the local time zone (`TZ`, else the system's):
/// a decision made in the evening in the Americas is dated that day, not the
/// next one as in UTC.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC, whole seconds).
pub fn now_utc() -> String {
    format_unix(jiff::Timestamp::now().as_second())
}

/// Seconds since 1970-01-01T00:00:00Z as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_unix(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A date written `YYYY-MM-DD` that is on the calendar; otherwise a hint
/// that says what is wrong with it (`2025-02 has 28 days`).
pub fn parse_date(text: &str) -> Result<Date, String> {
    const SHAPE: &str = "write dates as YYYY-MM-DD";
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(SHAPE.into());
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        text[..4].parse::<i16>(),
        text[5..7].parse::<i8>(),
        text[8..].parse::<i8>(),
    ) else {
        return Err(SHAPE.into());
    };
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}; {SHAPE}"));
    }
    let first = Date::new(year, month, 1).map_err(|_| SHAPE.to_string())?;
    Date::new(year, month, day).map_err(|_| {
        format!(
            "{year:04}-{month:02} has {} days; {SHAPE}",
            first.days_in_month()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(format_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_unix(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(format_unix(4_102_444_799), "2099-12-31T23:59:59Z");
        assert!(parse_date(&today()).is_ok());
        assert!(now_utc().ends_with('Z'));
    }

    #[test]
    fn only_calendar_days_are_dates() {
        assert_eq!(parse_date("2024-02-29"), Ok(Date::constant(2024, 2, 29)));
        assert_eq!(
            parse_date("2025-02-29").unwrap_err(),
            "2025-02 has 28 days; write dates as YYYY-MM-DD"
        );
        assert_eq!(
            parse_date("2025-04-31").unwrap_err(),
            "2025-04 has 30 days; write dates as YYYY-MM-DD"
        );
        assert!(
            parse_date("2025-13-01")
                .unwrap_err()
                .starts_with("there is no month 13")
        );
        for bad in [
            "2025-1-01",
            "25-01-01",
            "2025/01/01",
            "2025-01-01T00",
            "",
            "２０２５-01-01",
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err(),
                "write dates as YYYY-MM-DD",
                "{bad}"
            );
        }
    }
}
