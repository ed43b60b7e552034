//! Cron schedules as Kubernetes CronJobs read them (robfig/cron's standard parser): five
//! fields, or one of the @ macros. Checked at render time, so a typo fails `rgen validate`
//! instead of the CronJob's admission.

/// Each field's name, range and the names it accepts (months, weekdays).
const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    ("month", 1, 12, &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
    ("day of week", 0, 7, &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
];

const MACROS: [&str; 7] = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/// Checks a schedule; the error says which field is wrong and why.
pub fn check_cron(schedule: &str) -> Result<(), String> {
    let s = schedule.trim();
    if s.starts_with('@') {
        return if MACROS.contains(&s) {
            Ok(())
        } else {
            Err(format!("`{s}` is not a schedule macro (one of {})", MACROS.join(", ")))
        };
    }
    let fields: Vec<&str> = s.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "a schedule has 5 fields (minute hour day-of-month month day-of-week), this one has {}",
            fields.len()
        ));
    }
    for (text, (name, min, max, names)) in fields.iter().zip(FIELDS) {
        for part in text.split(',') {
            check_part(part, min, max, names).map_err(|why| format!("{name} field `{text}`: {why}"))?;
        }
    }
    Ok(())
}

/// One comma-separated part: `*`, `?`, `N`, `N-M`, each optionally `/STEP`.
fn check_part(part: &str, min: u32, max: u32, names: &[&str]) -> Result<(), String> {
    let (range, step) = match part.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (part, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(n) if n >= 1 => {}
            _ => return Err(format!("step `{step}` is not a positive number")),
        }
    }
    if range == "*" || range == "?" {
        return Ok(());
    }
    let value = |v: &str| -> Result<u32, String> {
        let n = match names.iter().position(|n| n.eq_ignore_ascii_case(v)) {
            Some(i) => i as u32 + min,
            None => v.parse::<u32>().map_err(|_| format!("`{v}` is not a number"))?,
        };
        if (min..=max).contains(&n) { Ok(n) } else { Err(format!("{n} is outside {min}-{max}")) }
    };
    match range.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (value(a)?, value(b)?);
            if a > b {
                return Err(format!("range {a}-{b} runs backwards"));
            }
        }
        None => {
            value(range)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_cron;

    #[test]
    fn accepts_what_cronjobs_accept() {
        for ok in ["17 3 * * *", "*/15 * * * *", "0 0 1,15 * MON-FRI", "0 12 * JAN-MAR 0", "@daily", "5 4 * * 7"] {
            assert_eq!(check_cron(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn names_the_wrong_field() {
        let cases = [
            ("61 * * * *", "minute field `61`: 61 is outside 0-59"),
            ("0 3 * *", "a schedule has 5 fields (minute hour day-of-month month day-of-week), this one has 4"),
            ("0 3 * * MOM", "day of week field `MOM`: `MOM` is not a number"),
            ("0 5-3 * * *", "hour field `5-3`: range 5-3 runs backwards"),
            ("*/0 * * * *", "minute field `*/0`: step `0` is not a positive number"),
            (
                "@sometimes",
                "`@sometimes` is not a schedule macro (one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
            ),
        ];
        for (bad, why) in cases {
            assert_eq!(check_cron(bad), Err(why.to_owned()), "{bad}");
        }
    }
}
