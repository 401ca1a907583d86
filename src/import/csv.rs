//! Decoded CSV text to a header and rows: which delimiter the file uses, and the parsing
//! itself (the `csv` crate: quoted fields holding delimiters, quotes and line breaks; CRLF, LF,
//! CR and mixed line endings; rows of any length).
//!
//! The first non-empty row is the header. Rows whose cells are all blank (what a spreadsheet
//! writes for an empty row, `;;;;`) and empty lines are skipped, but still counted, so each
//! row keeps the number a spreadsheet shows for it. Rows longer or shorter than the header are
//! kept as they are; the mapping step reports them.
//!
//! The delimiter is, in order: the one an Excel `sep=;` first line names; else the one of
//! comma, semicolon and tab whose parse of the first rows gives the most rows with as many
//! fields as the header (quotes respected), the header having at least two; a tie goes to
//! more columns, then to the order comma, semicolon, tab.

use super::text::SAMPLE_BYTES;

/// Files with more data rows than this are refused: far beyond any client book, and each row
/// costs memory in the browser until the import is written.
pub const MAX_ROWS: usize = 100_000;

/// How many rows from the start the delimiter detection compares.
const DETECTION_ROWS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    /// Every delimiter, in the order detection prefers them on a tie.
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// The delimiter's name in English, for the UI to translate.
    pub fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }

    fn from_char(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|d| char::from(d.byte()) == c)
    }
}

/// One data row.
#[derive(Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// The row's number as a spreadsheet shows it: the header's row is 1 when the file starts
    /// with it, and empty rows count.
    pub row: usize,
    /// The line of the file on which the row starts (1-based); it differs from `row` once a
    /// quoted field has spanned lines.
    pub line: usize,
    fields: ::csv::StringRecord,
}

impl CsvRow {
    /// The cell in `column`, `None` past the end of a short row.
    pub fn get(&self, column: usize) -> Option<&str> {
        self.fields.get(column)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter()
    }
}

impl std::fmt::Debug for CsvRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRow").field("row", &self.row).field("line", &self.line).field("cells", &self.len()).finish()
    }
}

/// A parsed CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvTable {
    pub delimiter: Delimiter,
    /// The column names, trimmed. Column names are not client data and may be shown anywhere.
    pub header: Vec<String>,
    /// The header's row number, as [`CsvRow::row`] counts.
    pub header_row: usize,
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// The cells of one column, in row order (empty for short rows).
    pub fn column_values(&self, column: usize) -> impl Iterator<Item = &str> {
        self.rows.iter().map(move |row| row.get(column).unwrap_or(""))
    }
}

/// Why a file gave no table. The messages never quote the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    #[error("This file has no rows: it is empty or only blank lines. Nothing was imported; choose another file.")]
    NoRows,
    #[error(
        "This file has only column names and no rows of contacts. Nothing was imported; check that you \
         exported the contacts, not an empty template."
    )]
    HeaderOnly,
    #[error("This file has more than {max} rows, more than one import can take. Nothing was imported; split it into smaller files.")]
    TooManyRows { max: usize },
    #[error("Line {line} of this file could not be read as CSV. Nothing was imported; check the file in a spreadsheet program.")]
    Unreadable { line: usize },
}

/// Detects the delimiter and parses.
pub fn read_table(text: &str) -> Result<CsvTable, CsvError> {
    parse_table(text, detect_delimiter(text))
}

/// The delimiter `text` most likely uses (see the module documentation).
pub fn detect_delimiter(text: &str) -> Delimiter {
    if let Some((delimiter, _)) = excel_separator_line(text) {
        return delimiter;
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let cut = end < text.len();
    let mut best = (Delimiter::Comma, 0, 0);
    for delimiter in Delimiter::ALL {
        let mut counts = field_counts(sample, delimiter);
        if cut {
            // The last row of a cut sample may be cut too.
            counts.pop();
        }
        let Some(&header) = counts.first() else { continue };
        if header < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|c| **c == header).count() * 1000 / counts.len();
        if (consistent, header) > (best.1, best.2) {
            best = (delimiter, consistent, header);
        }
    }
    best.0
}

/// Field counts of the first non-blank rows of `sample`.
fn field_counts(sample: &str, delimiter: Delimiter) -> Vec<usize> {
    let mut reader = reader(sample, delimiter);
    let mut record = ::csv::StringRecord::new();
    let mut counts = Vec::new();
    while counts.len() < DETECTION_ROWS && matches!(reader.read_record(&mut record), Ok(true)) {
        if !is_blank(&record) {
            counts.push(record.len());
        }
    }
    counts
}

fn reader(text: &str, delimiter: Delimiter) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn is_blank(record: &::csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// Excel's `sep=;` first line: the delimiter it names and the bytes the line takes.
fn excel_separator_line(text: &str) -> Option<(Delimiter, usize)> {
    let line_end = text.find(['\r', '\n']).unwrap_or(text.len());
    let line = &text[..line_end];
    let named = line.get(..4).filter(|p| p.eq_ignore_ascii_case("sep="))?;
    let mut rest = line[named.len()..].chars();
    let delimiter = Delimiter::from_char(rest.next()?)?;
    if rest.next().is_some() {
        return None;
    }
    let break_len = if text[line_end..].starts_with("\r\n") { 2 } else { usize::from(line_end < text.len()) };
    Some((delimiter, line_end + break_len))
}

/// Line breaks in `text`: LF, CRLF or a lone CR each count once.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).count()
}

/// Parses `text` with `delimiter`.
pub fn parse_table(text: &str, delimiter: Delimiter) -> Result<CsvTable, CsvError> {
    // Excel reads and hides a `sep=` line, so its rows are numbered as if it were not there.
    let (body, first_line) = match excel_separator_line(text) {
        Some((_, skip)) => (&text[skip..], 2),
        None => (text, 1),
    };
    let mut reader = reader(body, delimiter);
    let mut record = ::csv::StringRecord::new();
    let mut header: Option<(Vec<String>, usize)> = None;
    let mut rows = Vec::new();
    // Where the previous record started, its line and its spreadsheet row.
    let (mut previous_start, mut line, mut row) = (0usize, first_line, 0usize);
    let mut previous_inner_breaks: Option<usize> = None;
    loop {
        let before = usize::try_from(reader.position().byte()).unwrap_or(body.len()).min(body.len());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(CsvError::Unreadable { line }),
        }
        // The record starts after the line breaks (of the previous record and empty lines)
        // that the reader skipped.
        let start = before + body[before..].bytes().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let breaks = line_breaks(&body[previous_start..start]);
        line += breaks;
        row += match previous_inner_breaks {
            // One row for the previous record, one for each empty line after it.
            Some(inner) => breaks.saturating_sub(inner),
            None => breaks + 1,
        };
        previous_start = start;
        previous_inner_breaks = Some(record.iter().map(line_breaks).sum());
        if is_blank(&record) {
            continue;
        }
        if header.is_none() {
            header = Some((record.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_owned()).collect(), row));
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(CsvError::TooManyRows { max: MAX_ROWS });
        }
        rows.push(CsvRow { row, line, fields: record.clone() });
    }
    let (header, header_row) = header.ok_or(CsvError::NoRows)?;
    if rows.is_empty() {
        return Err(CsvError::HeaderOnly);
    }
    Ok(CsvTable { delimiter, header, header_row, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &CsvRow) -> Vec<&str> {
        row.fields().collect()
    }

    fn places(table: &CsvTable) -> Vec<(usize, usize)> {
        table.rows.iter().map(|r| (r.row, r.line)).collect()
    }

    #[test]
    fn the_delimiter_is_the_one_with_consistent_field_counts() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), Delimiter::Comma);
        assert_eq!(
            detect_delimiter("Имя;Адрес\nАнна;Москва, ул. Ленина, 5\nОля;Киев, Крещатик\n"),
            Delimiter::Semicolon
        );
        assert_eq!(detect_delimiter("Name\tNote\nAnn\tlikes tea, coffee\n"), Delimiter::Tab);
        // Quotes are respected: the commas inside them do not split.
        assert_eq!(detect_delimiter("a;b\n\"x,y,z\";2\n\"p,q\";3\n"), Delimiter::Semicolon);
        assert_eq!(detect_delimiter("sep=;\na,b;c\n"), Delimiter::Semicolon);
        assert_eq!(detect_delimiter("just one column\nAnn\n"), Delimiter::Comma);
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
        let table =
            read_table("Name,Notes,Phone\r\n\"Ann, the first\",\"says \"\"hi\"\"\r\ntwice\",1\r\nBob,,2\r\n").unwrap();
        assert_eq!(table.header, ["Name", "Notes", "Phone"]);
        assert_eq!(cells(&table.rows[0]), ["Ann, the first", "says \"hi\"\r\ntwice", "1"]);
        assert_eq!(places(&table), [(2, 2), (3, 4)]);
    }

    #[test]
    fn rows_keep_spreadsheet_numbers_across_empty_rows_and_mixed_line_endings() {
        let text = "\nName;Phone\r\n\r\nAnn;1\n;;\r\"Bob\nB\";2\rCid;3";
        let table = read_table(text).unwrap();
        assert_eq!(table.header_row, 2);
        assert_eq!(table.rows.iter().map(|r| r.get(0).unwrap_or("")).collect::<Vec<_>>(), ["Ann", "Bob\nB", "Cid"]);
        assert_eq!(places(&table), [(4, 4), (6, 6), (7, 8)]);
    }

    #[test]
    fn an_excel_separator_line_is_used_and_hidden() {
        let table = read_table("sep=,\r\nName;x,Phone\r\nAnn;y,1\r\n").unwrap();
        assert_eq!(
            (table.delimiter, table.header.clone()),
            (Delimiter::Comma, vec!["Name;x".to_owned(), "Phone".into()])
        );
        assert_eq!(places(&table), [(2, 3)]);
    }

    #[test]
    fn ragged_rows_are_kept_as_they_are() {
        let table = read_table("a,b,c\n1,2\n1,2,3,4\n").unwrap();
        assert_eq!(table.rows.iter().map(CsvRow::len).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(table.rows[0].get(2), None);
        assert_eq!(table.column_values(2).collect::<Vec<_>>(), ["", "3"]);
    }

    #[test]
    fn empty_and_header_only_files_are_errors() {
        assert_eq!(read_table(""), Err(CsvError::NoRows));
        assert_eq!(read_table("\r\n\n ,  ,\n"), Err(CsvError::NoRows));
        assert_eq!(read_table("Name,Phone\r\n"), Err(CsvError::HeaderOnly));
        assert_eq!(read_table("Name,Phone\r\n,\r\n\r\n"), Err(CsvError::HeaderOnly));
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_without_failing() {
        let table = read_table("a,b\n\"x,1\ny,2\n").unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].get(0), Some("x,1\ny,2\n"));
    }
}
