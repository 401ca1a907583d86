//! Keeping the book clean: phone, email and name normalization, transliteration to a Latin key,
//! probable duplicates (within the book, and of incoming clients against it), merging with its
//! undo, and the data-quality report. Plain Rust, tested natively; the Clean up screen and the
//! import call it.
//!
//! Nothing here writes: functions return the changes (`book::Changes`) for the caller to
//! commit. Nothing here logs, and no error carries a client's data.

pub mod duplicates;
pub mod merge;
pub mod normalize;
pub mod phone;
mod pinyin_syllables;
pub mod quality;
pub mod translit;

pub use duplicates::{
    find_duplicates, find_duplicates_in_book, match_incoming, match_incoming_in_book, name_similarity, DuplicatePair,
    IncomingMatch, MatchTarget, Reason,
};
pub use merge::{Field, Merge, MergeError, MergePlan, MergeUndo};
pub use normalize::{collapse_whitespace, fix_capitalization, fix_client_capitalization, normalize_email};
pub use phone::{phone_key, PhoneError, PhoneNumber, COUNTRIES};
pub use quality::QualityReport;
pub use translit::{latin_variants, skeleton, to_latin};
