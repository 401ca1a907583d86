//! The dashboard's numbers for a date range: the range's dates, the KPIs against the previous
//! period of equal length, the chart series and the CSV export (docs/ANALYTICS.md,
//! "Dashboard"). Everything is read from a `BookInsight`: one pass over the range's visits, found
//! by binary search in its table of visits sorted by date, so a range change never recomputes
//! the clients' insight. The book itself is read only to leave blocked clients out of the
//! drifting list, as Today does.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::book::Book;
use crate::i18n::t;
use crate::model::{format_minor, Outcome, SourceKind};

use super::book::{BookInsight, VisitFact};
use super::lifecycle::Stage;
use super::rfm::RfmSegment;
use super::value::average;

/// The dates a dashboard shows: a preset relative to today, or two dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Range {
    /// The first of this month to today.
    #[default]
    ThisMonth,
    /// The whole calendar month before this one.
    LastMonth,
    /// The first of the month two months ago to today.
    Last3Months,
    /// The first of the month eleven months ago to today.
    Last12Months,
    /// January 1 to today.
    ThisYear,
    /// Every visit, whatever its date; no previous period.
    AllTime,
    /// Both dates included.
    Custom { from: NaiveDate, to: NaiveDate },
}

/// The years a custom range may use: those the dashboard's address accepts. Typing a year in
/// a date field passes through 0002, 0020 and 0202 before 2024; none of them is applied.
pub const CUSTOM_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Why one custom date cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomDateError {
    /// Empty, or not a whole date.
    Missing,
    /// A year outside `CUSTOM_YEARS`.
    YearOutOfRange,
}

/// Why custom dates cannot be shown: one of them, or their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomDatesError {
    From(CustomDateError),
    To(CustomDateError),
    StartAfterEnd,
}

impl CustomDateError {
    pub fn message(self) -> String {
        match self {
            Self::Missing => t("Enter both dates.").to_owned(),
            Self::YearOutOfRange => t("Enter a year from 1900 to 9999.").to_owned(),
        }
    }
}

impl CustomDatesError {
    pub fn message(self) -> String {
        match self {
            Self::From(e) | Self::To(e) => e.message(),
            Self::StartAfterEnd => t("The start date is after the end date.").to_owned(),
        }
    }
}

/// One custom date as a date field gives it: `YYYY-MM-DD`, or empty while incomplete.
fn custom_date(text: &str) -> Result<NaiveDate, CustomDateError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CustomDateError::Missing)?;
    if CUSTOM_YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(CustomDateError::YearOutOfRange)
    }
}

impl Range {
    /// The presets, in the selector's order (then Custom).
    pub const PRESETS: [Self; 6] =
        [Self::ThisMonth, Self::LastMonth, Self::Last3Months, Self::Last12Months, Self::ThisYear, Self::AllTime];

    pub fn label(self) -> &'static str {
        match self {
            Self::ThisMonth => t("This month"),
            Self::LastMonth => t("Last month"),
            Self::Last3Months => t("Last 3 months"),
            Self::Last12Months => t("Last 12 months"),
            Self::ThisYear => t("This year"),
            Self::AllTime => t("All time"),
            Self::Custom { .. } => t("Custom dates"),
        }
    }

    /// Its name in addresses; never changes.
    pub fn key(self) -> &'static str {
        match self {
            Self::ThisMonth => "this-month",
            Self::LastMonth => "last-month",
            Self::Last3Months => "last-3-months",
            Self::Last12Months => "last-12-months",
            Self::ThisYear => "this-year",
            Self::AllTime => "all-time",
            Self::Custom { .. } => "custom",
        }
    }

    /// The range a key names; a custom range needs both dates (given in either order).
    pub fn from_key(key: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<Self> {
        if key == "custom" {
            let (a, b) = (from?, to?);
            return Some(Self::Custom { from: a.min(b), to: a.max(b) });
        }
        Self::PRESETS.into_iter().find(|r| r.key() == key)
    }

    /// Custom dates as typed in the date fields (`YYYY-MM-DD`), in order.
    pub fn custom(from: &str, to: &str) -> Result<Self, CustomDatesError> {
        let (from, to) = (custom_date(from), custom_date(to));
        match (from, to) {
            (Ok(from), Ok(to)) if from <= to => Ok(Self::Custom { from, to }),
            (Ok(_), Ok(_)) => Err(CustomDatesError::StartAfterEnd),
            (Err(e), _) => Err(CustomDatesError::From(e)),
            (_, Err(e)) => Err(CustomDatesError::To(e)),
        }
    }

    /// The range's dates on `today`. All time spans the first to the last visit, and today.
    pub fn period(self, today: NaiveDate, facts: &[VisitFact]) -> Period {
        let month_start = today.with_day(1).unwrap_or(today);
        let months_back = |n: u32| month_start.checked_sub_months(Months::new(n)).unwrap_or(month_start);
        match self {
            Self::ThisMonth => Period { from: month_start, to: today },
            Self::LastMonth => Period { from: months_back(1), to: month_start.pred_opt().unwrap_or(month_start) },
            Self::Last3Months => Period { from: months_back(2), to: today },
            Self::Last12Months => Period { from: months_back(11), to: today },
            Self::ThisYear => Period { from: today.with_ordinal(1).unwrap_or(today), to: today },
            Self::AllTime => Period {
                from: facts.first().map_or(today, |f| f.date.min(today)),
                to: facts.last().map_or(today, |f| f.date.max(today)),
            },
            Self::Custom { from, to } => Period { from, to },
        }
    }

    /// The period before `period` that KPIs compare with; none for all time.
    pub fn previous(self, period: Period) -> Option<Period> {
        match self {
            Self::AllTime => None,
            _ => period.before(),
        }
    }
}

/// Dates from `from` to `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn days(self) -> u64 {
        (self.to - self.from).num_days().max(0) as u64 + 1
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The same number of days, ending the day before this period starts.
    pub fn before(self) -> Option<Period> {
        let to = self.from.pred_opt()?;
        Some(Period { from: to.checked_sub_days(Days::new(self.days() - 1))?, to })
    }

    /// The visits in the period, from a table sorted by date.
    fn slice(self, facts: &[VisitFact]) -> &[VisitFact] {
        let start = facts.partition_point(|f| f.date < self.from);
        let end = facts.partition_point(|f| f.date <= self.to);
        &facts[start..end.max(start)]
    }
}

/// `part` out of `whole`, for a rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub part: u32,
    pub whole: u32,
}

impl Rate {
    /// `None` when the whole is 0: the rate is not defined.
    fn of(part: u32, whole: u32) -> Option<Self> {
        (whole > 0).then_some(Self { part, whole })
    }

    /// In percent.
    pub fn percent(self) -> f64 {
        f64::from(self.part) * 100.0 / f64::from(self.whole)
    }
}

/// What one period's visits add up to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodNumbers {
    /// Held visits.
    pub visits: u32,
    /// Per currency (positions in `BookInsight::currencies`): paid over every visit.
    pub revenue: Vec<i64>,
    /// Per currency: paid over held visits, and their number.
    pub held_paid: Vec<(i64, u32)>,
    pub active: u32,
    pub new: u32,
    pub no_shows: u32,
    pub cancelled: u32,
    /// Held visits with a rating, and the sum of their ratings.
    pub rated: u32,
    pub rating_sum: u32,
    /// Of the clients active in the period before this one, those active in this one; `None`
    /// when there is no period before.
    pub retention: Option<Rate>,
    /// Feedback resolved in the period: the days each took, summed, and their number.
    pub resolve_days: u64,
    pub resolved: u32,
}

impl PeriodNumbers {
    pub fn average_ticket(&self, currency: usize) -> Option<i64> {
        let (sum, count) = self.held_paid.get(currency).copied().unwrap_or_default();
        (count > 0).then(|| average(sum, count))
    }

    pub fn returning_rate(&self) -> Option<Rate> {
        Rate::of(self.active - self.new, self.active)
    }

    /// Completed, no-show and cancelled visits: what the two rates divide by.
    fn outcomes(&self) -> u32 {
        self.visits + self.no_shows + self.cancelled
    }

    pub fn no_show_rate(&self) -> Option<Rate> {
        Rate::of(self.no_shows, self.outcomes())
    }

    pub fn cancellation_rate(&self) -> Option<Rate> {
        Rate::of(self.cancelled, self.outcomes())
    }

    pub fn satisfaction(&self) -> Option<f64> {
        (self.rated > 0).then(|| f64::from(self.rating_sum) / f64::from(self.rated))
    }

    pub fn days_to_resolve(&self) -> Option<f64> {
        (self.resolved > 0).then(|| self.resolve_days as f64 / f64::from(self.resolved))
    }
}

/// A KPI and its value in one period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kpi {
    Visits(u32),
    /// Minor units of the currency at this position.
    Revenue(usize, i64),
    AverageTicket(usize, Option<i64>),
    ActiveClients(u32),
    NewClients(u32),
    ReturningRate(Option<Rate>),
    RetentionRate(Option<Rate>),
    NoShowRate(Option<Rate>),
    CancellationRate(Option<Rate>),
    /// The mean rating, 1 to 5.
    Satisfaction(Option<f64>),
    /// The mean days to resolve feedback.
    DaysToResolve(Option<f64>),
}

impl Kpi {
    /// The value as a number in its unit (minor units, percent, rating, days); `None` when not
    /// defined.
    pub fn number(self) -> Option<f64> {
        match self {
            Self::Visits(n) | Self::ActiveClients(n) | Self::NewClients(n) => Some(f64::from(n)),
            Self::Revenue(_, m) => Some(m as f64),
            Self::AverageTicket(_, m) => m.map(|m| m as f64),
            Self::ReturningRate(r) | Self::RetentionRate(r) | Self::NoShowRate(r) | Self::CancellationRate(r) => {
                r.map(Rate::percent)
            }
            Self::Satisfaction(x) | Self::DaysToResolve(x) => x,
        }
    }

    /// This value minus the previous one, in the KPI's unit (percentage points for rates);
    /// `None` when either is not defined.
    pub fn change(self, previous: Option<Self>) -> Option<f64> {
        Some(self.number()? - previous?.number()?)
    }

    /// Its name in the CSV; never changes.
    fn csv_name(self, currencies: &[String]) -> String {
        let currency = |i: usize| currencies.get(i).cloned().unwrap_or_default();
        match self {
            Self::Visits(_) => "visits".into(),
            Self::Revenue(c, _) => format!("revenue {}", currency(c)),
            Self::AverageTicket(c, _) => format!("average ticket {}", currency(c)),
            Self::ActiveClients(_) => "active clients".into(),
            Self::NewClients(_) => "new clients".into(),
            Self::ReturningRate(_) => "returning-client rate %".into(),
            Self::RetentionRate(_) => "retention rate %".into(),
            Self::NoShowRate(_) => "no-show rate %".into(),
            Self::CancellationRate(_) => "cancellation rate %".into(),
            Self::Satisfaction(_) => "average satisfaction".into(),
            Self::DaysToResolve(_) => "average days to resolve feedback".into(),
        }
    }

    /// The value as the CSV writes it: money in major units, rates in percent with one
    /// decimal, averages with two; empty when not defined.
    fn csv_value(self, currencies: &[String]) -> String {
        let currency = |i: usize| currencies.get(i).map_or("", String::as_str);
        match self {
            Self::Revenue(c, m) => format_minor(m, currency(c)),
            Self::AverageTicket(c, m) => m.map(|m| format_minor(m, currency(c))).unwrap_or_default(),
            Self::ReturningRate(_) | Self::RetentionRate(_) | Self::NoShowRate(_) | Self::CancellationRate(_) => {
                self.number().map(|x| format!("{x:.1}")).unwrap_or_default()
            }
            Self::Satisfaction(_) | Self::DaysToResolve(_) => {
                self.number().map(|x| format!("{x:.2}")).unwrap_or_default()
            }
            _ => self.number().map(|x| format!("{x}")).unwrap_or_default(),
        }
    }

    /// A change as the CSV writes it, in the KPI's unit.
    fn csv_change(self, previous: Option<Self>, currencies: &[String]) -> String {
        let Some(change) = self.change(previous) else { return String::new() };
        match self {
            Self::Revenue(c, _) | Self::AverageTicket(c, _) => {
                format_minor(change.round() as i64, currencies.get(c).map_or("", String::as_str))
            }
            Self::ReturningRate(_) | Self::RetentionRate(_) | Self::NoShowRate(_) | Self::CancellationRate(_) => {
                format!("{change:.1}")
            }
            Self::Satisfaction(_) | Self::DaysToResolve(_) => format!("{change:.2}"),
            _ => format!("{change}"),
        }
    }
}

/// How long a chart's bar is: a week for ranges up to 92 days, a month up to three years, a
/// year beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
    Year,
}

impl Bucket {
    pub fn for_period(period: Period) -> Self {
        match period.days() {
            0..=92 => Self::Week,
            93..=1096 => Self::Month,
            _ => Self::Year,
        }
    }

    /// The first day of the bucket `date` is in.
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Self::Month => date.with_day(1).unwrap_or(date),
            Self::Year => date.with_ordinal(1).unwrap_or(date),
        }
    }

    /// How many buckets `date` is after the one `first` starts.
    fn index(self, first: NaiveDate, date: NaiveDate) -> usize {
        let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        let n = match self {
            Self::Week => (self.start(date) - first).num_days() / 7,
            Self::Month => months(date) - months(first),
            Self::Year => i64::from(date.year() - first.year()),
        };
        n.max(0) as usize
    }

    /// The starts of the buckets that cover the period.
    fn starts(self, period: Period) -> Vec<NaiveDate> {
        let mut starts = Vec::new();
        let mut start = self.start(period.from);
        while start <= period.to {
            starts.push(start);
            let next = match self {
                Self::Week => start.checked_add_days(Days::new(7)),
                Self::Month => start.checked_add_months(Months::new(1)),
                Self::Year => start.checked_add_months(Months::new(12)),
            };
            match next {
                Some(next) => start = next,
                None => break,
            }
        }
        starts
    }
}

/// One bar of the revenue and visits charts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeRow {
    pub start: NaiveDate,
    /// Held visits.
    pub visits: u32,
    /// Per currency, as `PeriodNumbers::revenue`.
    pub revenue: Vec<i64>,
}

/// One bar of the new-versus-returning chart: active clients in the bucket whose first held
/// visit ever falls in it (and in the range), and the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleRow {
    pub start: NaiveDate,
    pub new: u32,
    pub returning: u32,
}

/// Everything the dashboard shows for a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub range: Range,
    pub period: Period,
    pub previous: Option<Period>,
    pub currencies: Vec<String>,
    pub this: PeriodNumbers,
    pub before: Option<PeriodNumbers>,
    /// The revenue and visits charts: weeks, months or years.
    pub bucket: Bucket,
    pub series: Vec<TimeRow>,
    /// New versus returning: months, or years for long ranges.
    pub people_bucket: Bucket,
    pub people: Vec<PeopleRow>,
    /// Held visits by local weekday (0 is Monday) and hour.
    pub heatmap: [[u32; 24]; 7],
    /// New clients in the range by how they found you.
    pub sources: Vec<(SourceKind, u32)>,
    /// Every client (not in Trash) by RFM segment and by stage, as of today.
    pub segments: Vec<(RfmSegment, u32)>,
    pub stages: Vec<(Stage, u32)>,
    /// Drifting clients not yet contacted about it and not blocked (positions in
    /// `BookInsight::clients`), longest drifting first.
    pub drifting: Vec<usize>,
    /// Low ratings and complaints not yet resolved, whatever their date.
    pub open_feedback: u32,
}

/// The charts a pass over the range's visits fills.
struct Charts {
    first: NaiveDate,
    bucket: Bucket,
    series: Vec<TimeRow>,
    people_first: NaiveDate,
    people_bucket: Bucket,
    people: Vec<PeopleRow>,
    /// Per client: 1 + the last people bucket they were counted in.
    seen: Vec<u32>,
    heatmap: [[u32; 24]; 7],
}

impl Dashboard {
    /// `book` is the book `insight` was computed from: it says which clients are blocked.
    pub fn compute(insight: &BookInsight, book: &Book, range: Range) -> Self {
        let currencies = insight.currencies.clone();
        let period = range.period(insight.today, &insight.facts);
        let previous = range.previous(period);
        let bucket = Bucket::for_period(period);
        let people_bucket = if bucket == Bucket::Week { Bucket::Month } else { bucket };
        let starts = bucket.starts(period);
        let people_starts = people_bucket.starts(period);
        let mut charts = Charts {
            first: starts.first().copied().unwrap_or(period.from),
            bucket,
            series: starts
                .into_iter()
                .map(|start| TimeRow { start, visits: 0, revenue: vec![0; currencies.len()] })
                .collect(),
            people_first: people_starts.first().copied().unwrap_or(period.from),
            people_bucket,
            people: people_starts.into_iter().map(|start| PeopleRow { start, new: 0, returning: 0 }).collect(),
            seen: vec![0; insight.clients.len()],
            heatmap: [[0; 24]; 7],
        };
        // Per client: bit 0 active in this period, bit 1 in the previous, bit 2 in the one
        // before that (for the previous period's retention).
        let mut active = vec![0u8; insight.clients.len()];
        let mut this = tally(insight, period, &mut active, 1, Some(&mut charts));
        let mut before = previous.map(|p| tally(insight, p, &mut active, 2, None));
        let mut sources = SourceKind::ALL.map(|s| (s, 0u32)).to_vec();
        for (client, &marks) in insight.clients.iter().zip(&active) {
            if marks & 1 != 0 && client.value.first_visit.is_some_and(|d| period.contains(d)) {
                this.new += 1;
                if let Some(row) = sources.iter_mut().find(|(s, _)| *s == client.source) {
                    row.1 += 1;
                }
            }
        }
        if let (Some(before), Some(p)) = (before.as_mut(), previous) {
            before.new = insight
                .clients
                .iter()
                .zip(&active)
                .filter(|(c, &m)| m & 2 != 0 && c.value.first_visit.is_some_and(|d| p.contains(d)))
                .count() as u32;
            let count = |active: &[u8], mask: u8| active.iter().filter(|&&m| m & mask == mask).count() as u32;
            this.retention = Rate::of(count(&active, 3), count(&active, 2));
            if let Some(earlier) = p.before() {
                for fact in earlier.slice(&insight.facts) {
                    if fact.outcome == Outcome::Completed {
                        active[fact.client as usize] |= 4;
                    }
                }
                before.retention = Rate::of(count(&active, 6), count(&active, 4));
            }
        }
        // Blocked clients are not to be won back: Today leaves them out too.
        let not_blocked = |id: &str| book.get(id).is_some_and(|c| !c.is_blocked());
        let mut drifting: Vec<usize> = (0..insight.clients.len())
            .filter(|&i| insight.clients[i].drift_warning() && not_blocked(&insight.clients[i].id))
            .collect();
        drifting.sort_by_key(|&i| insight.clients[i].drift.map(|d| d.since));
        let counts = insight.group_counts();
        Self {
            range,
            period,
            previous,
            currencies,
            this,
            before,
            bucket,
            series: charts.series,
            people_bucket,
            people: charts.people,
            heatmap: charts.heatmap,
            sources,
            segments: counts.segments.iter().map(|&(s, n)| (s, n as u32)).collect(),
            stages: counts.stages.iter().map(|&(s, n)| (s, n as u32)).collect(),
            drifting,
            open_feedback: insight.feedback.iter().filter(|f| f.resolved.is_none()).count() as u32,
        }
    }

    /// The currencies the KPIs show: the book's own, and any other with money in either period.
    pub fn shown_currencies(&self) -> Vec<usize> {
        let has_money = |n: &PeriodNumbers, c: usize| {
            n.revenue.get(c).is_some_and(|&m| m != 0) || n.held_paid.get(c).is_some_and(|&(_, k)| k > 0)
        };
        (0..self.currencies.len())
            .filter(|&c| c == 0 || has_money(&self.this, c) || self.before.as_ref().is_some_and(|b| has_money(b, c)))
            .collect()
    }

    /// Every KPI in this period and the previous one, in the dashboard's order. Retention only
    /// when there is a previous period.
    pub fn kpis(&self) -> Vec<(Kpi, Option<Kpi>)> {
        let of = |n: &PeriodNumbers| {
            let mut kpis = vec![Kpi::Visits(n.visits)];
            for c in self.shown_currencies() {
                kpis.push(Kpi::Revenue(c, n.revenue.get(c).copied().unwrap_or_default()));
            }
            for c in self.shown_currencies() {
                kpis.push(Kpi::AverageTicket(c, n.average_ticket(c)));
            }
            kpis.extend([Kpi::ActiveClients(n.active), Kpi::NewClients(n.new), Kpi::ReturningRate(n.returning_rate())]);
            if self.previous.is_some() {
                kpis.push(Kpi::RetentionRate(n.retention));
            }
            kpis.extend([
                Kpi::NoShowRate(n.no_show_rate()),
                Kpi::CancellationRate(n.cancellation_rate()),
                Kpi::Satisfaction(n.satisfaction()),
                Kpi::DaysToResolve(n.days_to_resolve()),
            ]);
            kpis
        };
        let before = self.before.as_ref().map(of);
        of(&self.this).into_iter().enumerate().map(|(i, kpi)| (kpi, before.as_ref().map(|b| b[i]))).collect()
    }

    /// The dashboard's numbers as CSV (see docs/ANALYTICS.md): the KPIs, then each chart's
    /// table, separated by empty lines.
    pub fn to_csv(&self) -> String {
        use crate::export::{csv_line, BOM};
        let line = |fields: &[&str]| csv_line(&fields.iter().map(|f| f.to_string()).collect::<Vec<_>>());
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut out = String::from(BOM);
        out.push_str(&line(&["metric", "this period", "previous period", "change"]));
        let (prev_from, prev_to) = self.previous.map_or((String::new(), String::new()), |p| (date(p.from), date(p.to)));
        out.push_str(&line(&["from", &date(self.period.from), &prev_from, ""]));
        out.push_str(&line(&["to", &date(self.period.to), &prev_to, ""]));
        let c = &self.currencies;
        for (kpi, before) in self.kpis() {
            let previous = before.map(|b| b.csv_value(c)).unwrap_or_default();
            out.push_str(&line(&[&kpi.csv_name(c), &kpi.csv_value(c), &previous, &kpi.csv_change(before, c)]));
        }
        out.push_str(&line(&["open feedback to handle", &self.open_feedback.to_string(), "", ""]));

        out.push_str("\r\n");
        let shown = self.shown_currencies();
        let mut header = vec![format!("{} starting", bucket_key(self.bucket)), "visits".to_owned()];
        header.extend(shown.iter().map(|&i| format!("revenue {}", c[i])));
        out.push_str(&csv_line(&header));
        for row in &self.series {
            let mut fields = vec![date(row.start), row.visits.to_string()];
            fields.extend(shown.iter().map(|&i| format_minor(row.revenue[i], &c[i])));
            out.push_str(&csv_line(&fields));
        }

        out.push_str("\r\n");
        out.push_str(&line(&[
            &format!("{} starting", bucket_key(self.people_bucket)),
            "new clients",
            "returning clients",
        ]));
        for row in &self.people {
            out.push_str(&line(&[&date(row.start), &row.new.to_string(), &row.returning.to_string()]));
        }

        out.push_str("\r\n");
        out.push_str(&line(&["weekday", "hour", "held visits"]));
        for (day, hours) in self.heatmap.iter().enumerate() {
            let weekday = Weekday::try_from(day as u8).map(|w| w.to_string()).unwrap_or_default();
            for (hour, n) in hours.iter().enumerate() {
                out.push_str(&line(&[&weekday, &hour.to_string(), &n.to_string()]));
            }
        }

        out.push_str("\r\n");
        out.push_str(&line(&["source", "new clients"]));
        for (source, n) in &self.sources {
            out.push_str(&line(&[source_key(*source), &n.to_string()]));
        }
        out.push_str("\r\n");
        out.push_str(&line(&["rfm segment", "clients"]));
        for (segment, n) in &self.segments {
            out.push_str(&line(&[segment.key(), &n.to_string()]));
        }
        out.push_str("\r\n");
        out.push_str(&line(&["lifecycle stage", "clients"]));
        for (stage, n) in &self.stages {
            out.push_str(&line(&[stage.key(), &n.to_string()]));
        }
        out
    }
}

/// Adds up one period's visits, marking its active clients with `bit`; fills `charts` for the
/// range shown.
fn tally(
    insight: &BookInsight,
    period: Period,
    active: &mut [u8],
    bit: u8,
    mut charts: Option<&mut Charts>,
) -> PeriodNumbers {
    let currencies = insight.currencies.len();
    let mut n =
        PeriodNumbers { revenue: vec![0; currencies], held_paid: vec![(0, 0); currencies], ..PeriodNumbers::default() };
    for fact in period.slice(&insight.facts) {
        let currency = usize::from(fact.currency);
        n.revenue[currency] += fact.paid;
        let held = fact.outcome == Outcome::Completed;
        match fact.outcome {
            Outcome::Completed => {
                n.visits += 1;
                let (sum, count) = &mut n.held_paid[currency];
                *sum += fact.paid;
                *count += 1;
                if let Some(rating) = fact.rating {
                    n.rated += 1;
                    n.rating_sum += u32::from(rating);
                }
                let marks = &mut active[fact.client as usize];
                if *marks & bit == 0 {
                    *marks |= bit;
                    n.active += 1;
                }
            }
            Outcome::NoShow => n.no_shows += 1,
            Outcome::Cancelled => n.cancelled += 1,
            Outcome::Booked => {}
        }
        if let Some(charts) = charts.as_deref_mut() {
            if let Some(row) = charts.series.get_mut(charts.bucket.index(charts.first, fact.date)) {
                row.revenue[currency] += fact.paid;
                row.visits += u32::from(held);
            }
            if held {
                charts.heatmap[usize::from(fact.weekday.min(6))][usize::from(fact.hour.min(23))] += 1;
                let b = charts.people_bucket.index(charts.people_first, fact.date);
                let seen = &mut charts.seen[fact.client as usize];
                if let Some(row) = charts.people.get_mut(b).filter(|_| *seen != b as u32 + 1) {
                    *seen = b as u32 + 1;
                    let first = insight.clients[fact.client as usize].value.first_visit;
                    let is_new = first.is_some_and(|d| {
                        period.contains(d) && charts.people_bucket.start(d) == charts.people_bucket.start(fact.date)
                    });
                    if is_new {
                        row.new += 1;
                    } else {
                        row.returning += 1;
                    }
                }
            }
        }
    }
    for f in &insight.feedback {
        if let Some((_, days)) = f.resolved.filter(|(date, _)| period.contains(*date)) {
            n.resolve_days += u64::from(days);
            n.resolved += 1;
        }
    }
    n
}

fn bucket_key(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Week => "week",
        Bucket::Month => "month",
        Bucket::Year => "year",
    }
}

/// A source as the CSV writes it; never changes.
fn source_key(source: SourceKind) -> &'static str {
    match source {
        SourceKind::Unknown => "unknown",
        SourceKind::Referral => "referral",
        SourceKind::Ad => "advertising",
        SourceKind::Social => "social media",
        SourceKind::Partner => "partner",
        SourceKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use chrono_tz::Europe::Berlin;

    use super::*;
    use crate::model::{Client, Resolution, Settings, Status, Visit};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A Berlin wall-clock time as an instant.
    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Berlin.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap().with_timezone(&Utc)
    }

    fn visit(id: &str, start: DateTime<Utc>, outcome: Outcome, paid: i64, currency: &str) -> Visit {
        Visit { id: id.into(), start, outcome, paid, currency: currency.into(), ..Visit::default() }
    }

    fn rated(mut v: Visit, rating: u8) -> Visit {
        v.satisfaction = Some(rating);
        v
    }

    fn client(id: &str, visits: Vec<Visit>) -> Client {
        let mut c = Client::new(id.into(), berlin(2023, 1, 1, 9, 0));
        c.name = id.into();
        c.visits = visits;
        c
    }

    /// The book of the tests, in Berlin, on 2024-04-10. The range is March 2024 (31 days), so
    /// the previous period is 2024-01-30 to 2024-02-29 (31 days ending on the leap day), and the
    /// one before that 2023-12-30 to 2024-01-29.
    /// - Anna: one visit, held on Tue 5 March 10:00, €50.00, rated 5. Source: a referral.
    /// - Boris: every visit cancelled: Sun 10 March (nothing paid) and Tue 12 March (a €10.00 fee).
    /// - Chen: held Thu 29 February 14:00, €30.00, rated 4; held Wed 20 March 14:00, €20.00;
    ///   held Sun 31 March 23:30 (the last day of the range, 21:30 UTC: daylight saving began
    ///   that morning), $40.00, rated 3; a no-show at 00:30 on 1 April (still 31 March in UTC),
    ///   €7.00 paid.
    /// - Dana: held Mon 15 January, €10.00; held Thu 1 February, €60.00, rated 2 and a
    ///   complaint, resolved on 3 March (31 days later: February 2024 has 29); a no-show on
    ///   Fri 15 March.
    /// - Emil: held Wed 10 January, €10.00.
    fn book() -> Book {
        let mut anna =
            client("anna", vec![rated(visit("a1", berlin(2024, 3, 5, 10, 0), Outcome::Completed, 5000, "EUR"), 5)]);
        anna.source.kind = SourceKind::Referral;
        let boris = client(
            "boris",
            vec![
                visit("b1", berlin(2024, 3, 10, 9, 0), Outcome::Cancelled, 0, "EUR"),
                visit("b2", berlin(2024, 3, 12, 9, 0), Outcome::Cancelled, 1000, "EUR"),
            ],
        );
        let chen = client(
            "chen",
            vec![
                rated(visit("c1", berlin(2024, 2, 29, 14, 0), Outcome::Completed, 3000, "EUR"), 4),
                visit("c2", berlin(2024, 3, 20, 14, 0), Outcome::Completed, 2000, "EUR"),
                rated(visit("c3", berlin(2024, 3, 31, 23, 30), Outcome::Completed, 4000, "USD"), 3),
                visit("c4", berlin(2024, 4, 1, 0, 30), Outcome::NoShow, 700, "EUR"),
            ],
        );
        let mut complaint = rated(visit("d2", berlin(2024, 2, 1, 11, 0), Outcome::Completed, 6000, "EUR"), 2);
        complaint.complaint = true;
        complaint.resolution = Some(Resolution { at: berlin(2024, 3, 3, 18, 0), note: "Redone".into() });
        let dana = client(
            "dana",
            vec![
                visit("d1", berlin(2024, 1, 15, 11, 0), Outcome::Completed, 1000, "EUR"),
                complaint,
                visit("d3", berlin(2024, 3, 15, 11, 0), Outcome::NoShow, 0, "EUR"),
            ],
        );
        let emil = client("emil", vec![visit("e1", berlin(2024, 1, 10, 9, 0), Outcome::Completed, 1000, "EUR")]);
        Book::new(vec![anna, boris, chen, dana, emil], Settings::default(), berlin(2024, 4, 10, 12, 0))
    }

    /// A book's insight on 2024-04-10 at noon in Berlin.
    fn insight(book: &Book) -> BookInsight {
        BookInsight::compute(book, berlin(2024, 4, 10, 12, 0), &Berlin)
    }

    /// The dashboard of the tests' book for a range.
    fn dashboard(range: Range) -> Dashboard {
        let book = book();
        Dashboard::compute(&insight(&book), &book, range)
    }

    const MARCH: Range = Range::Custom { from: date_const(2024, 3, 1), to: date_const(2024, 3, 31) };

    const fn date_const(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(d) => d,
            None => panic!("a fixed date"),
        }
    }

    #[test]
    fn the_kpis_of_a_range_and_its_previous_period_are_the_hand_counted_ones() {
        let book = book();
        let insight = insight(&book);
        assert_eq!(insight.currencies, ["EUR", "USD"]);
        let d = Dashboard::compute(&insight, &book, MARCH);
        assert_eq!(d.previous, Some(Period { from: date(2024, 1, 30), to: date(2024, 2, 29) }));
        let n = &d.this;
        // Held in March: Anna 5th, Chen 20th, Chen 31st at 23:30. Chen's no-show at 00:30 on
        // 1 April is outside.
        assert_eq!(n.visits, 3);
        // Every outcome: €50 + €0 + €10 (Boris's fee) + €20 = €80; $40. Not Chen's €7 of April.
        assert_eq!(n.revenue, [8000, 4000]);
        // Held only: (€50 + €20) / 2 = €35; $40 / 1.
        assert_eq!((n.average_ticket(0), n.average_ticket(1)), (Some(3500), Some(4000)));
        // Anna and Chen; Anna's first held visit is in March, Chen's on 29 February.
        assert_eq!((n.active, n.new), (2, 1));
        assert_eq!(n.returning_rate(), Some(Rate { part: 1, whole: 2 }));
        // Active before: Chen and Dana; of them Chen is active in March.
        assert_eq!(n.retention, Some(Rate { part: 1, whole: 2 }));
        // 3 held + Dana's no-show + Boris's 2 cancelled = 6.
        assert_eq!(n.no_show_rate(), Some(Rate { part: 1, whole: 6 }));
        assert_eq!(n.cancellation_rate(), Some(Rate { part: 2, whole: 6 }));
        // Ratings 5 and 3 (Chen's 20 March visit has none).
        assert_eq!(n.satisfaction(), Some(4.0));
        // Dana's complaint of 1 February, resolved on 3 March: 31 days.
        assert_eq!(n.days_to_resolve(), Some(31.0));

        let b = d.before.as_ref().unwrap();
        // 30 January to 29 February: Dana on 1 February (€60, rated 2), Chen on the leap day
        // (€30, rated 4).
        assert_eq!((b.visits, b.revenue.clone()), (2, vec![9000, 0]));
        assert_eq!((b.average_ticket(0), b.average_ticket(1)), (Some(4500), None));
        // Chen's first held visit is the leap day; Dana's was 15 January.
        assert_eq!((b.active, b.new), (2, 1));
        // Active 30 December to 29 January: Emil and Dana; Dana came back in February.
        assert_eq!(b.retention, Some(Rate { part: 1, whole: 2 }));
        assert_eq!(
            (b.no_show_rate(), b.cancellation_rate()),
            (Some(Rate { part: 0, whole: 2 }), Some(Rate { part: 0, whole: 2 }))
        );
        assert_eq!(b.satisfaction(), Some(3.0));
        assert_eq!(b.days_to_resolve(), None);

        let kpis = d.kpis();
        let change = |k: &Kpi| kpis.iter().find(|(this, _)| this == k).and_then(|(this, before)| this.change(*before));
        assert_eq!(change(&Kpi::Visits(3)), Some(1.0));
        assert_eq!(change(&Kpi::Revenue(0, 8000)), Some(-1000.0));
        assert_eq!(change(&Kpi::Revenue(1, 4000)), Some(4000.0));
        assert_eq!(change(&Kpi::AverageTicket(1, Some(4000))), None, "no dollar ticket before");
        assert_eq!(change(&Kpi::Satisfaction(Some(4.0))), Some(1.0));
        // 1/6 is 16.67 %, up from 0 %: in percentage points.
        let no_show = change(&Kpi::NoShowRate(Some(Rate { part: 1, whole: 6 }))).unwrap();
        assert!((no_show - 100.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn the_charts_of_a_month_are_weekly_from_its_first_monday() {
        let d = dashboard(MARCH);
        assert_eq!(d.bucket, Bucket::Week);
        // 1 March 2024 is a Friday: its ISO week starts on 26 February.
        let starts: Vec<_> = d.series.iter().map(|r| r.start).collect();
        assert_eq!(
            starts,
            [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11), date(2024, 3, 18), date(2024, 3, 25)]
        );
        let visits: Vec<_> = d.series.iter().map(|r| r.visits).collect();
        assert_eq!(visits, [0, 1, 0, 1, 1]);
        // Anna's €50 (5th), Boris's €10 fee (12th), Chen's €20 (20th); Chen's $40 on Sunday 31st.
        let euros: Vec<_> = d.series.iter().map(|r| r.revenue[0]).collect();
        assert_eq!(euros, [0, 5000, 1000, 2000, 0]);
        assert_eq!(d.series[4].revenue[1], 4000);
        // One month: Anna new, Chen returning.
        assert_eq!(d.people, [PeopleRow { start: date(2024, 3, 1), new: 1, returning: 1 }]);
        // Tuesday 10:00, Wednesday 14:00, Sunday 23:00 (local, not UTC's 21:00).
        assert_eq!((d.heatmap[1][10], d.heatmap[2][14], d.heatmap[6][23], d.heatmap[6][21]), (1, 1, 1, 0));
        assert_eq!(d.heatmap.iter().flatten().sum::<u32>(), 3);
        assert!(d.sources.contains(&(SourceKind::Referral, 1)));
        assert_eq!(d.sources.iter().map(|s| s.1).sum::<u32>(), 1, "only Anna is new");
        // Four clients have held visits, so a segment; Boris is a lead.
        assert_eq!(d.segments.iter().map(|s| s.1).sum::<u32>(), 4);
        assert!(d.stages.contains(&(Stage::Lead, 1)));
        assert_eq!(d.open_feedback, 0, "Dana's complaint is resolved");
    }

    #[test]
    fn a_visit_at_00_30_after_the_last_day_counts_in_the_next_range() {
        let april = Range::Custom { from: date(2024, 4, 1), to: date(2024, 4, 30) };
        let n = dashboard(april).this;
        // Chen's no-show at 00:30 local on 1 April (22:30 UTC on 31 March).
        assert_eq!((n.no_shows, n.revenue[0]), (1, 700));
    }

    #[test]
    fn a_range_with_no_data_has_zeros_and_no_rates() {
        let empty = Range::Custom { from: date(2030, 1, 1), to: date(2030, 1, 31) };
        let d = dashboard(empty);
        let n = &d.this;
        assert_eq!((n.visits, n.active, n.new, n.revenue.clone()), (0, 0, 0, vec![0, 0]));
        assert_eq!(
            (n.returning_rate(), n.retention, n.no_show_rate(), n.cancellation_rate()),
            (None, None, None, None)
        );
        assert_eq!((n.satisfaction(), n.average_ticket(0), n.days_to_resolve()), (None, None, None));
        assert!(d.series.iter().all(|r| r.visits == 0));
        // Only the book's currency is shown when no other has money in either period.
        assert_eq!(d.shown_currencies(), [0]);
        // An empty book too.
        let empty = Book::new(vec![], Settings::default(), berlin(2024, 4, 10, 12, 0));
        let d = Dashboard::compute(&insight(&empty), &empty, Range::AllTime);
        assert_eq!((d.period, d.previous), (Period { from: date(2024, 4, 10), to: date(2024, 4, 10) }, None));
        assert_eq!(d.this.visits, 0);
    }

    #[test]
    fn all_time_has_every_visit_and_no_previous_period_or_retention() {
        let d = dashboard(Range::AllTime);
        // From Emil's 10 January to 10 April (today, after the last visit).
        assert_eq!(d.period, Period { from: date(2024, 1, 10), to: date(2024, 4, 10) });
        // Held: Anna 1, Chen 3, Dana 2, Emil 1.
        assert_eq!((d.this.visits, d.this.active, d.this.new), (7, 4, 4));
        assert!(d.before.is_none());
        assert!(!d.kpis().iter().any(|(k, _)| matches!(k, Kpi::RetentionRate(_))));
        // 92 days: weeks.
        assert_eq!(d.bucket, Bucket::Week);
    }

    #[test]
    fn drifting_clients_leave_out_the_blocked_ones_as_today_does() {
        // Two low ratings in a row make a client drift from the last of them.
        let low = |name: &str, first: (u32, u32), last: (u32, u32)| {
            let visits = [("1", first), ("2", last)].map(|(n, (m, d))| {
                rated(visit(&format!("{name}{n}"), berlin(2024, m, d, 10, 0), Outcome::Completed, 0, "EUR"), 1)
            });
            client(name, visits.to_vec())
        };
        // Fay drifts since 8 March, Ida since 10 February; Gus since 20 February, but blocked.
        let fay = low("fay", (3, 1), (3, 8));
        let ida = low("ida", (2, 1), (2, 10));
        let mut gus = low("gus", (2, 12), (2, 20));
        gus.status = Status::Blocked { reason: "Rude to staff".into(), since: date(2024, 3, 1) };
        let book = Book::new(vec![fay, gus, ida], Settings::default(), berlin(2024, 4, 10, 12, 0));
        let insight = insight(&book);
        assert!(insight.clients.iter().all(|c| c.drift_warning()), "all three drift");
        let d = Dashboard::compute(&insight, &book, Range::AllTime);
        let names: Vec<&str> = d.drifting.iter().map(|&i| insight.clients[i].id.as_str()).collect();
        // Longest drifting first.
        assert_eq!(names, ["ida", "fay"]);
    }

    #[test]
    fn presets_resolve_on_a_leap_day() {
        let today = date(2024, 2, 29);
        let period = |r: Range| r.period(today, &[]);
        assert_eq!(period(Range::ThisMonth), Period { from: date(2024, 2, 1), to: today });
        assert_eq!(period(Range::LastMonth), Period { from: date(2024, 1, 1), to: date(2024, 1, 31) });
        assert_eq!(period(Range::Last3Months), Period { from: date(2023, 12, 1), to: today });
        assert_eq!(period(Range::Last12Months), Period { from: date(2023, 3, 1), to: today });
        assert_eq!(period(Range::ThisYear), Period { from: date(2024, 1, 1), to: today });
        // 29 days before: 3 to 31 January.
        assert_eq!(
            Range::ThisMonth.previous(period(Range::ThisMonth)),
            Some(Period { from: date(2024, 1, 3), to: date(2024, 1, 31) })
        );
        // A year that ends on the leap day: the 366 days before it.
        let year = Period { from: date(2023, 3, 1), to: today };
        assert_eq!(year.days(), 366);
        assert_eq!(year.before(), Some(Period { from: date(2022, 2, 28), to: date(2023, 2, 28) }));
        // The leap day alone, and the day after it.
        let leap = Period { from: today, to: today };
        assert_eq!(leap.before(), Some(Period { from: date(2024, 2, 28), to: date(2024, 2, 28) }));
        assert_eq!(Period { from: date(2024, 3, 1), to: date(2024, 3, 1) }.before().map(|p| p.from), Some(today));
        // Months and years as buckets.
        assert_eq!(Bucket::Month.start(today), date(2024, 2, 1));
        assert_eq!(Bucket::for_period(year), Bucket::Month);
        assert_eq!(Bucket::Month.starts(year).len(), 12);
    }

    #[test]
    fn ranges_have_stable_keys() {
        for range in Range::PRESETS {
            assert_eq!(Range::from_key(range.key(), None, None), Some(range));
        }
        let custom = Range::Custom { from: date(2024, 2, 1), to: date(2024, 2, 29) };
        assert_eq!(Range::from_key("custom", Some(date(2024, 2, 29)), Some(date(2024, 2, 1))), Some(custom));
        assert_eq!(Range::from_key("custom", Some(date(2024, 2, 1)), None), None);
        assert_eq!(Range::from_key("fortnight", None, None), None);
    }

    #[test]
    fn custom_dates_need_both_in_order_with_years_from_1900_to_9999() {
        let range = |from: &str, to: &str| Range::custom(from, to);
        assert_eq!(
            range("2024-02-01", "2024-02-29"),
            Ok(Range::Custom { from: date(2024, 2, 1), to: date(2024, 2, 29) })
        );
        assert_eq!(range("2024-03-01", "2024-03-01").map(|r| r.key()), Ok("custom"));
        assert_eq!(range("1900-01-01", "9999-12-31").map(|r| r.key()), Ok("custom"));
        // The years a date field passes through while 2024 is typed.
        for typing in ["0002-02-01", "0020-02-01", "0202-02-01"] {
            assert_eq!(range(typing, "2024-02-29"), Err(CustomDatesError::From(CustomDateError::YearOutOfRange)));
        }
        assert_eq!(range("1899-12-31", "2024-02-29"), Err(CustomDatesError::From(CustomDateError::YearOutOfRange)));
        assert_eq!(range("2024-02-01", "+10000-01-01"), Err(CustomDatesError::To(CustomDateError::YearOutOfRange)));
        assert_eq!(range("", "2024-02-29"), Err(CustomDatesError::From(CustomDateError::Missing)));
        assert_eq!(range("2024-02-01", "2024-02-30"), Err(CustomDatesError::To(CustomDateError::Missing)));
        assert_eq!(range("2024-02-29", "2024-02-01"), Err(CustomDatesError::StartAfterEnd));
    }

    #[test]
    fn the_csv_has_the_kpis_then_the_chart_tables() {
        let csv = dashboard(MARCH).to_csv();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "metric,this period,previous period,change");
        assert_eq!(lines[1], "from,2024-03-01,2024-01-30,");
        assert_eq!(lines[2], "to,2024-03-31,2024-02-29,");
        assert!(lines.contains(&"visits,3,2,1"));
        assert!(lines.contains(&"revenue EUR,80.00,90.00,-10.00"));
        assert!(lines.contains(&"revenue USD,40.00,0.00,40.00"));
        assert!(lines.contains(&"average ticket USD,40.00,,"));
        assert!(lines.contains(&"no-show rate %,16.7,0.0,16.7"));
        assert!(lines.contains(&"average satisfaction,4.00,3.00,1.00"));
        assert!(lines.contains(&"week starting,visits,revenue EUR,revenue USD"));
        assert!(lines.contains(&"2024-03-25,1,0.00,40.00"));
        assert!(lines.contains(&"Sun,23,1"));
        assert!(lines.contains(&"referral,1"));
    }
}
