//! The screens of the open book and their addresses.
//!
//! An address is a hash: a path that names the screen, and query parameters for its view
//! state, all percent-encoded.
//!
//! | address                        | screen                                      |
//! |--------------------------------|---------------------------------------------|
//! | `#/today`                      | Today (also an empty or unknown address)     |
//! | `#/clients`                    | the client list                             |
//! | `#/clients/new`                | the list, with the form for a new client    |
//! | `#/clients/<id>`               | the list, with a client's profile           |
//! | `#/clients/<id>/edit`          | the list, with a client's profile form      |
//! | `#/calendar`                   | the calendar, on today in the span the screen suits |
//! | `#/dashboard`                  | the dashboard, on its default range          |
//! | `#/segments`, `#/trash`, `#/backup`, `#/settings`, `#/import`, `#/cleanup` | those sections |
//!
//! Every `#/clients` address may carry the list's view state:
//! `sort=last|paid|created|value|visits|ticket|since|next` (by name when absent; `SortBy::key`),
//! `status=lead|active|inactive|blocked`, `appointment=yes`, `stage=<Stage::key>`,
//! `rfm=<RfmSegment::key>` and `segment=<id>`. A `#/calendar` address may carry `date=YYYY-MM-DD` and
//! `span=day|week|month`; moving through the calendar replaces the entry rather than adding
//! one, so Back leaves the calendar instead of stepping back a day at a time. A `#/dashboard`
//! address may carry `range=this-month|last-month|last-3-months|last-12-months|this-year|all-time`,
//! or `range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`; changing it replaces the entry too. The search text and the tag filter never do: the one is free text, the
//! other a tag's name, and both would land in the browser's history (`ui::router` keeps them
//! in memory instead).
//!
//! [`Route::parse`] never fails: an address it cannot read in full is Today, so a garbled or
//! foreign bookmark opens the book at its start. A query parameter it does not know, or a value
//! it cannot read, is left at its default, so an address written by a later version still
//! opens the right screen.
//!
//! To add a section with its own view state: a variant here, its lines in `parse` and
//! `to_hash` (and in `same_screen` if some of its state should not add a history entry), and
//! its lines in `ui::router`, where a route meets the app's state.

use chrono::NaiveDate;

use crate::book::SortBy;
use crate::calendar::grid::Span;
use crate::insight::dashboard::Range;
use crate::insight::{RfmSegment, Stage};
use crate::model::StatusKind;

/// A screen of the open book, as its address names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    /// The client list, with what its pane shows (beside it on a wide screen, in its place on
    /// a phone).
    Clients {
        list: ListView,
        pane: ClientPane,
    },
    /// The calendar on a date, in a span; either left to the screen's default when absent.
    Calendar {
        date: Option<NaiveDate>,
        span: Option<Span>,
    },
    /// The dashboard on a range; the default range when absent.
    Dashboard {
        range: Option<Range>,
    },
    Segments,
    Trash,
    Backup,
    Settings,
    Import,
    Cleanup,
}

/// What the pane of the client list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ClientPane {
    /// No client: the list alone.
    #[default]
    Nothing,
    /// A client's profile, by their record id.
    Profile(String),
    /// The profile form: `None` for a new client, or the record id of the client edited.
    Edit(Option<String>),
}

/// The list's view state that an address carries: all of it but the search text and the tag
/// filter (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListView {
    pub sort: SortBy,
    pub status: Option<StatusKind>,
    pub has_appointment: bool,
    /// The lifecycle stage the list is filtered by.
    pub stage: Option<Stage>,
    /// The RFM segment the list is filtered by.
    pub rfm: Option<RfmSegment>,
    /// The segment the list is filtered by, by its id.
    pub segment: Option<String>,
}

/// How the browser's history follows a move from one route to another (see [`Route::step`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStep {
    /// Already there.
    Stay,
    /// The current entry's address changes, the history does not grow.
    Replace,
    /// A new entry, which Back leaves.
    Push,
}

/// The path segment of a new client's form; an id that reads the same is escaped.
const NEW: &str = "new";

impl Route {
    /// The route an address names; Today for an empty, unknown or garbled one.
    pub fn parse(hash: &str) -> Route {
        Self::read(hash).unwrap_or(Route::Today)
    }

    fn read(hash: &str) -> Option<Route> {
        let address = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = address.split_once('?').unwrap_or((address, ""));
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        if path.is_empty() {
            return Some(Route::Today);
        }
        let query = Query::parse(query);
        let segments: Vec<&str> = path.split('/').collect();
        let clients = |pane| Route::Clients { list: ListView::from_query(&query), pane };
        Some(match segments.as_slice() {
            ["today"] => Route::Today,
            ["clients"] => clients(ClientPane::Nothing),
            ["clients", NEW] => clients(ClientPane::Edit(None)),
            ["clients", id] => clients(ClientPane::Profile(decode_id(id)?)),
            ["clients", id, "edit"] => clients(ClientPane::Edit(Some(decode_id(id)?))),
            ["calendar"] => Route::Calendar {
                date: query.get("date").and_then(calendar_date),
                span: query.get("span").and_then(|s| Span::ALL.into_iter().find(|span| span_key(*span) == s)),
            },
            ["dashboard"] => Route::Dashboard {
                range: query.get("range").and_then(|key| {
                    let date = |name| query.get(name).and_then(calendar_date);
                    Range::from_key(key, date("from"), date("to"))
                }),
            },
            ["segments"] => Route::Segments,
            ["trash"] => Route::Trash,
            ["backup"] => Route::Backup,
            ["settings"] => Route::Settings,
            ["import"] => Route::Import,
            ["cleanup"] => Route::Cleanup,
            _ => return None,
        })
    }

    /// The route's address, starting with `#`: only ASCII letters, digits and `#/?=&-._~%`.
    pub fn to_hash(&self) -> String {
        let (path, query) = match self {
            Route::Today => ("today".to_owned(), Query::default()),
            Route::Clients { list, pane } => {
                let path = match pane {
                    ClientPane::Nothing => "clients".to_owned(),
                    ClientPane::Profile(id) => format!("clients/{}", encode_id(id)),
                    ClientPane::Edit(None) => format!("clients/{NEW}"),
                    ClientPane::Edit(Some(id)) => format!("clients/{}/edit", encode_id(id)),
                };
                (path, list.to_query())
            }
            Route::Calendar { date, span } => {
                let mut query = Query::default();
                if let Some(date) = date {
                    query.push("date", &date.format("%Y-%m-%d").to_string());
                }
                if let Some(span) = span {
                    query.push("span", span_key(*span));
                }
                ("calendar".to_owned(), query)
            }
            Route::Dashboard { range } => {
                let mut query = Query::default();
                if let Some(range) = range {
                    query.push("range", range.key());
                    if let Range::Custom { from, to } = range {
                        query.push("from", &from.format("%Y-%m-%d").to_string());
                        query.push("to", &to.format("%Y-%m-%d").to_string());
                    }
                }
                ("dashboard".to_owned(), query)
            }
            Route::Segments => ("segments".to_owned(), Query::default()),
            Route::Trash => ("trash".to_owned(), Query::default()),
            Route::Backup => ("backup".to_owned(), Query::default()),
            Route::Settings => ("settings".to_owned(), Query::default()),
            Route::Import => ("import".to_owned(), Query::default()),
            Route::Cleanup => ("cleanup".to_owned(), Query::default()),
        };
        format!("#/{path}{}", query.to_text())
    }

    /// True when the two differ only in view state (the list's sort or filters): the same
    /// screen, shown another way. Such a change replaces the history entry instead of adding
    /// one, so Back leaves the screen rather than undoing filters one by one.
    pub fn same_screen(&self, other: &Route) -> bool {
        match (self, other) {
            (Route::Clients { pane: a, .. }, Route::Clients { pane: b, .. }) => a == b,
            (Route::Calendar { .. }, Route::Calendar { .. }) => true,
            (Route::Dashboard { .. }, Route::Dashboard { .. }) => true,
            _ => self == other,
        }
    }

    /// Where an unlock that finds this address opens: the same screen, but a form's address
    /// opens its client's profile (or the list, for a new client's form). A form comes back
    /// only with what was typed in it, as the draft "Continue" offers; from the address alone
    /// it would be a fresh form under that offer, and typing into it would be lost to Continue.
    pub fn after_unlock(self) -> Route {
        match self {
            Route::Clients { list, pane: ClientPane::Edit(Some(id)) } => {
                Route::Clients { list, pane: ClientPane::Profile(id) }
            }
            Route::Clients { list, pane: ClientPane::Edit(None) } => Route::Clients { list, pane: ClientPane::Nothing },
            route => route,
        }
    }

    /// True for the client list, whatever its pane shows.
    pub fn is_client_list(&self) -> bool {
        matches!(self, Route::Clients { .. })
    }

    /// How the history follows a move from `self` to `to`. Only entries are added or
    /// replaced, never stepped through: `history.back()` would land a moment later, and
    /// anything the user does meanwhile (a reload) could be lost to it.
    /// - The same screen shown another way replaces the entry.
    /// - A client's form opened from their profile takes the profile's entry, and a form left
    ///   (saved, cancelled, or given up for another screen) gives its entry to what follows:
    ///   Back never reopens a finished form, and a saved edit leaves one profile entry, not two.
    ///   So Back from a client's form goes where Back from their profile would.
    /// - Anything else adds an entry.
    pub fn step(&self, to: &Route) -> HistoryStep {
        let pane = |route: &Route| match route {
            Route::Clients { pane, .. } => pane.clone(),
            _ => ClientPane::Nothing,
        };
        let (from_pane, to_pane) = (pane(self), pane(to));
        let form_of_this_profile =
            matches!((&from_pane, &to_pane), (ClientPane::Profile(a), ClientPane::Edit(Some(b))) if a == b);
        if self == to {
            HistoryStep::Stay
        } else if self.same_screen(to) || matches!(from_pane, ClientPane::Edit(_)) || form_of_this_profile {
            HistoryStep::Replace
        } else {
            HistoryStep::Push
        }
    }
}

impl ListView {
    fn from_query(query: &Query) -> Self {
        Self {
            sort: query.get("sort").and_then(SortBy::from_key).unwrap_or_default(),
            status: query.get("status").and_then(|s| StatusKind::ALL.into_iter().find(|k| status_key(*k) == s)),
            has_appointment: query.get("appointment") == Some("yes"),
            stage: query.get("stage").and_then(Stage::from_key),
            rfm: query.get("rfm").and_then(RfmSegment::from_key),
            segment: query.get("segment").filter(|id| !id.is_empty()).map(str::to_owned),
        }
    }

    fn to_query(&self) -> Query {
        let mut query = Query::default();
        if self.sort != SortBy::Name {
            query.push("sort", self.sort.key());
        }
        if let Some(status) = self.status {
            query.push("status", status_key(status));
        }
        if self.has_appointment {
            query.push("appointment", "yes");
        }
        if let Some(stage) = self.stage {
            query.push("stage", stage.key());
        }
        if let Some(rfm) = self.rfm {
            query.push("rfm", rfm.key());
        }
        if let Some(segment) = self.segment.as_deref().filter(|id| !id.is_empty()) {
            query.push("segment", segment);
        }
        query
    }
}

/// The date a calendar address names. Years outside 1900–9999 are not read: a date near the
/// ends of what the calendar can count from would overflow its arithmetic.
fn calendar_date(text: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|d| (1900..=9999).contains(&d.year()))
}

/// A calendar span as an address writes it.
fn span_key(span: Span) -> &'static str {
    match span {
        Span::Day => "day",
        Span::Week => "week",
        Span::Month => "month",
    }
}

/// A status as an address writes it.
fn status_key(status: StatusKind) -> &'static str {
    match status {
        StatusKind::Lead => "lead",
        StatusKind::Active => "active",
        StatusKind::Inactive => "inactive",
        StatusKind::Blocked => "blocked",
    }
}

/// The query parameters of an address, decoded, in order.
#[derive(Default)]
struct Query(Vec<(String, String)>);

impl Query {
    /// Reads `a=1&b=2`; a parameter that does not decode is skipped.
    fn parse(text: &str) -> Self {
        Self(
            text.split('&')
                .filter_map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    Some((percent_decode(key)?, percent_decode(value)?))
                })
                .collect(),
        )
    }

    /// The first value of `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn push(&mut self, key: &str, value: &str) {
        self.0.push((key.to_owned(), value.to_owned()));
    }

    /// `?a=1&b=2`, or nothing when empty.
    fn to_text(&self) -> String {
        let pairs: Vec<String> =
            self.0.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// A record id as a path segment. An id that would read as the new-client segment has its
/// first letter escaped, so it still names that client.
fn encode_id(id: &str) -> String {
    let encoded = percent_encode(id);
    if encoded == NEW {
        format!("%{:02X}{}", NEW.as_bytes()[0], &NEW[1..])
    } else {
        encoded
    }
}

/// A path segment as a record id; `None` when it is empty or does not decode.
fn decode_id(segment: &str) -> Option<String> {
    percent_decode(segment).filter(|id| !id.is_empty())
}

/// Escapes every byte but ASCII letters, digits and `-._~` (RFC 3986's unreserved set), so a
/// value can never add a path segment, a parameter or a second `#`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes `%XX` escapes (and accepts text the browser left unescaped); `None` for a broken
/// escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clients(pane: ClientPane) -> Route {
        Route::Clients { list: ListView::default(), pane }
    }

    const ID: &str = "3f9a0c1e5b7d4a2f8e6c0b1d9a7f5e3c";

    #[test]
    fn an_unlock_opens_a_forms_address_at_its_profile() {
        assert_eq!(clients(ClientPane::Edit(Some(ID.into()))).after_unlock(), clients(ClientPane::Profile(ID.into())));
        assert_eq!(clients(ClientPane::Edit(None)).after_unlock(), clients(ClientPane::Nothing));
        for route in [clients(ClientPane::Profile(ID.into())), Route::Settings, Route::Today] {
            assert_eq!(route.clone().after_unlock(), route);
        }
    }

    #[test]
    fn a_calendar_date_far_outside_the_calendar_is_left_out() {
        for hash in ["#/calendar?date=%2B262142-12-31", "#/calendar?date=-262143-01-01", "#/calendar?date=0001-01-01"] {
            assert_eq!(Route::parse(hash), Route::Calendar { date: None, span: None }, "{hash}");
        }
    }

    #[test]
    fn every_screen_has_its_address() {
        let cases = [
            (Route::Today, "#/today"),
            (clients(ClientPane::Nothing), "#/clients"),
            (clients(ClientPane::Edit(None)), "#/clients/new"),
            (clients(ClientPane::Profile(ID.into())), "#/clients/3f9a0c1e5b7d4a2f8e6c0b1d9a7f5e3c"),
            (clients(ClientPane::Edit(Some(ID.into()))), "#/clients/3f9a0c1e5b7d4a2f8e6c0b1d9a7f5e3c/edit"),
            (Route::Calendar { date: None, span: None }, "#/calendar"),
            (
                Route::Calendar { date: NaiveDate::from_ymd_opt(2026, 11, 24), span: Some(Span::Week) },
                "#/calendar?date=2026-11-24&span=week",
            ),
            (Route::Dashboard { range: None }, "#/dashboard"),
            (Route::Dashboard { range: Some(Range::Last12Months) }, "#/dashboard?range=last-12-months"),
            (
                Route::Dashboard {
                    range: Some(Range::Custom {
                        from: NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
                        to: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
                    }),
                },
                "#/dashboard?range=custom&from=2024-02-01&to=2024-02-29",
            ),
            (Route::Segments, "#/segments"),
            (Route::Trash, "#/trash"),
            (Route::Backup, "#/backup"),
            (Route::Settings, "#/settings"),
            (Route::Import, "#/import"),
            (Route::Cleanup, "#/cleanup"),
        ];
        for (route, hash) in cases {
            assert_eq!(route.to_hash(), hash);
            assert_eq!(Route::parse(hash), route, "{hash}");
        }
    }

    #[test]
    fn the_list_view_state_is_in_the_query() {
        let route = Route::Clients {
            list: ListView {
                sort: SortBy::LastVisit,
                status: Some(StatusKind::Blocked),
                has_appointment: true,
                stage: None,
                rfm: None,
                segment: Some("seg1".into()),
            },
            pane: ClientPane::Profile(ID.into()),
        };
        let hash = route.to_hash();
        assert_eq!(hash, format!("#/clients/{ID}?sort=last&status=blocked&appointment=yes&segment=seg1"));
        assert_eq!(Route::parse(&hash), route);
        // In any order, and next to parameters a later version may add.
        assert_eq!(
            Route::parse(&format!("#/clients/{ID}?future=1&segment=seg1&appointment=yes&status=blocked&sort=last")),
            route
        );
    }

    #[test]
    fn a_dashboard_range_it_cannot_read_is_the_default_and_changing_it_replaces_the_entry() {
        for hash in [
            "#/dashboard?range=fortnight",
            "#/dashboard?range=custom",
            "#/dashboard?range=custom&from=2024-02-01",
            "#/dashboard?range=custom&from=2024-02-30&to=2024-03-01",
            "#/dashboard?from=2024-02-01&to=2024-02-29",
        ] {
            assert_eq!(Route::parse(hash), Route::Dashboard { range: None }, "{hash}");
        }
        // Dates in either order are the same range.
        assert_eq!(
            Route::parse("#/dashboard?range=custom&from=2024-02-29&to=2024-02-01"),
            Route::parse("#/dashboard?range=custom&from=2024-02-01&to=2024-02-29")
        );
        let month = Route::Dashboard { range: Some(Range::ThisMonth) };
        assert_eq!(month.step(&Route::Dashboard { range: Some(Range::AllTime) }), HistoryStep::Replace);
        assert_eq!(Route::Today.step(&month), HistoryStep::Push);
    }

    #[test]
    fn the_insight_filters_and_sorts_are_in_the_query_by_their_keys() {
        let list = |sort, stage, rfm| Route::Clients {
            list: ListView { sort, stage, rfm, ..ListView::default() },
            pane: ClientPane::Nothing,
        };
        let cases = [
            (list(SortBy::LifetimeValue, Some(Stage::DueBack), None), "#/clients?sort=value&stage=due-back"),
            (list(SortBy::HeldVisits, None, Some(RfmSegment::CantLose)), "#/clients?sort=visits&rfm=cant-lose"),
            (
                list(SortBy::AverageTicket, Some(Stage::Lead), Some(RfmSegment::New)),
                "#/clients?sort=ticket&stage=lead&rfm=new",
            ),
            (list(SortBy::DaysSinceLastVisit, None, None), "#/clients?sort=since"),
            (list(SortBy::NextExpected, Some(Stage::WonBack), None), "#/clients?sort=next&stage=won-back"),
            (list(SortBy::Name, None, Some(RfmSegment::PotentialLoyalist)), "#/clients?rfm=potential-loyalist"),
        ];
        for (route, hash) in cases {
            assert_eq!(route.to_hash(), hash);
            assert_eq!(Route::parse(hash), route, "{hash}");
        }
        // Names other than the keys are not read.
        assert_eq!(Route::parse("#/clients?stage=Lead&rfm=Champions&sort=LifetimeValue"), clients(ClientPane::Nothing));
    }

    #[test]
    fn unknown_or_broken_values_in_the_query_are_left_at_their_defaults() {
        let route = Route::parse("#/clients?sort=shoe-size&status=vip&appointment=maybe&segment=&stage=x&rfm=&x=%zz");
        assert_eq!(route, clients(ClientPane::Nothing));
        assert_eq!(Route::parse("#/settings?sort=last"), Route::Settings);
    }

    #[test]
    fn an_empty_unknown_or_garbled_address_is_today() {
        for hash in [
            "",
            "#",
            "#/",
            "/",
            "#/nowhere",
            "#/clients//edit",
            "#/clients/a/b/c",
            "#/clients/a/remove",
            "#/clients/%",
            "#/clients/%4",
            "#/clients/%zz",
            "#/clients/%FF%FE",
            "#//clients",
            "#/TODAY",
            "#/settings/x",
            "?sort=last",
            "#?",
            "#/today#/clients",
            "#/клиенты",
        ] {
            assert_eq!(Route::parse(hash), Route::Today, "{hash:?}");
        }
    }

    #[test]
    fn the_hash_sign_and_the_slashes_around_the_path_are_optional() {
        let expected = clients(ClientPane::Profile("abc".into()));
        for hash in ["#/clients/abc", "/clients/abc", "clients/abc", "#clients/abc", "#/clients/abc/"] {
            assert_eq!(Route::parse(hash), expected, "{hash:?}");
        }
    }

    #[test]
    fn ids_are_percent_encoded_so_they_cannot_change_the_address() {
        let route = clients(ClientPane::Profile("a/b?c=d&e#f %g".into()));
        assert_eq!(route.to_hash(), "#/clients/a%2Fb%3Fc%3Dd%26e%23f%20%25g");
        assert_eq!(Route::parse(&route.to_hash()), route);
        let route = clients(ClientPane::Edit(Some("Анна".into())));
        assert_eq!(route.to_hash(), "#/clients/%D0%90%D0%BD%D0%BD%D0%B0/edit");
        assert_eq!(Route::parse(&route.to_hash()), route);
    }

    #[test]
    fn an_id_that_reads_new_is_not_the_new_client_form() {
        let route = clients(ClientPane::Profile("new".into()));
        assert_eq!(route.to_hash(), "#/clients/%6Eew");
        assert_eq!(Route::parse(&route.to_hash()), route);
        assert_eq!(Route::parse("#/clients/new"), clients(ClientPane::Edit(None)));
        let edit = clients(ClientPane::Edit(Some("new".into())));
        assert_eq!(Route::parse(&edit.to_hash()), edit);
    }

    #[test]
    fn unescaped_text_from_the_address_bar_is_read_too() {
        assert_eq!(Route::parse("#/clients/ab cd"), clients(ClientPane::Profile("ab cd".into())));
    }

    #[test]
    fn view_state_changes_replace_the_entry_and_screens_add_one() {
        let list = clients(ClientPane::Nothing);
        let sorted = Route::Clients {
            list: ListView { sort: SortBy::Created, ..ListView::default() },
            pane: ClientPane::Nothing,
        };
        let profile = clients(ClientPane::Profile(ID.into()));
        assert_eq!(list.step(&list), HistoryStep::Stay);
        assert_eq!(list.step(&sorted), HistoryStep::Replace);
        assert_eq!(list.step(&profile), HistoryStep::Push);
        assert_eq!(profile.step(&list), HistoryStep::Push, "Back to list is a step forward, like a link");
        assert_eq!(Route::Today.step(&list), HistoryStep::Push);
        assert_eq!(Route::Settings.step(&Route::Today), HistoryStep::Push);
        assert!(!list.same_screen(&profile));
        assert!(list.same_screen(&sorted));
    }

    #[test]
    fn a_form_shares_an_entry_with_the_profile_it_edits_and_leaves_none_behind() {
        let list = clients(ClientPane::Nothing);
        let profile = clients(ClientPane::Profile(ID.into()));
        let form = clients(ClientPane::Edit(Some(ID.into())));
        let new_client = clients(ClientPane::Edit(None));
        // A client's form opened from their profile takes its entry, and gives it back when
        // saved or cancelled: one profile entry, not two.
        assert_eq!(profile.step(&form), HistoryStep::Replace);
        assert_eq!(form.step(&profile), HistoryStep::Replace);
        // Another client's form, or a new client's, is an entry of its own.
        assert_eq!(clients(ClientPane::Profile("other".into())).step(&form), HistoryStep::Push);
        assert_eq!(list.step(&new_client), HistoryStep::Push);
        assert_eq!(profile.step(&new_client), HistoryStep::Push);
        // A new client, saved, takes the form's place: Back does not reopen an empty form.
        assert_eq!(new_client.step(&clients(ClientPane::Profile("fresh".into()))), HistoryStep::Replace);
        // A form given up for another section is replaced too.
        assert_eq!(form.step(&Route::Settings), HistoryStep::Replace);
        assert_eq!(new_client.step(&list), HistoryStep::Replace);
    }

    fn any_id() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-f]{32}",
            Just("new".to_owned()),
            Just("edit".to_owned()),
            any::<String>().prop_filter("ids are never empty", |s| !s.is_empty()),
        ]
    }

    fn any_route() -> impl Strategy<Value = Route> {
        let list = (
            0..SortBy::ALL.len(),
            proptest::option::of(0..4usize),
            any::<bool>(),
            proptest::option::of(0..Stage::ALL.len()),
            proptest::option::of(0..RfmSegment::ALL.len()),
            proptest::option::of(any_id()),
        )
            .prop_map(|(sort, status, has_appointment, stage, rfm, segment)| ListView {
                sort: SortBy::ALL[sort],
                status: status.map(|s| StatusKind::ALL[s]),
                has_appointment,
                stage: stage.map(|s| Stage::ALL[s]),
                rfm: rfm.map(|s| RfmSegment::ALL[s]),
                segment,
            });
        let pane = prop_oneof![
            Just(ClientPane::Nothing),
            any_id().prop_map(ClientPane::Profile),
            proptest::option::of(any_id()).prop_map(ClientPane::Edit),
        ];
        prop_oneof![
            Just(Route::Today),
            (list, pane).prop_map(|(list, pane)| Route::Clients { list, pane }),
            (proptest::option::of(0..100_000i32), proptest::option::of(0..3usize)).prop_map(|(day, span)| {
                Route::Calendar {
                    date: day.and_then(|d| NaiveDate::from_num_days_from_ce_opt(700_000 + d)),
                    span: span.map(|s| Span::ALL[s]),
                }
            }),
            (proptest::option::of(0..7usize), 0..50_000i32, 0..5_000i32).prop_map(|(range, day, days)| {
                Route::Dashboard {
                    range: range.map(|r| {
                        Range::PRESETS.get(r).copied().unwrap_or_else(|| {
                            let from = NaiveDate::from_num_days_from_ce_opt(700_000 + day).unwrap();
                            Range::Custom { from, to: from + chrono::Duration::days(i64::from(days)) }
                        })
                    }),
                }
            }),
            Just(Route::Segments),
            Just(Route::Trash),
            Just(Route::Backup),
            Just(Route::Settings),
            Just(Route::Import),
            Just(Route::Cleanup),
        ]
    }

    proptest! {
        #[test]
        fn every_route_survives_its_address(route in any_route()) {
            let hash = route.to_hash();
            prop_assert!(
                hash.bytes().all(|b| b.is_ascii_alphanumeric() || b"#/?=&-._~%".contains(&b)),
                "{hash}"
            );
            prop_assert_eq!(hash.matches('#').count(), 1);
            prop_assert_eq!(Route::parse(&hash), route);
        }

        #[test]
        fn any_text_parses_to_some_route(text in any::<String>()) {
            let route = Route::parse(&text);
            // Whatever it read, writing it again reads back the same.
            prop_assert_eq!(Route::parse(&route.to_hash()), route);
        }

        #[test]
        fn addresses_made_of_address_characters_never_panic(text in "[#/?=&%a-z0-9]{0,40}") {
            let _ = Route::parse(&text);
        }
    }
}
