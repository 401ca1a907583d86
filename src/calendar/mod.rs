//! The calendar: the book's visits by date, and what the day, week and month views show of them.
//! The views read the in-memory index of visits by start time, so a week never scans every
//! client.

pub mod booking;
pub mod grid;
pub mod index;
