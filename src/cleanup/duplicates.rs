//! Probable duplicates: pairs of clients with the same phone, the same email or a very similar
//! name, each with its reasons and a score from 0 to 1; and, for an import, the existing (or
//! earlier incoming) client each incoming one probably is.
//!
//! No pair of clients is compared unless they share a *block*: a normalized phone, an email,
//! the record id, or a name key (for a name of several words, the first three letters of two
//! of its words, in either order; for a one-word name, the word). That keeps 10,000 clients
//! to a few thousand comparisons instead of fifty million. A block shared by more than
//! [`MAX_BLOCK`] clients is no evidence (an office switchboard, a name as common as "Anna")
//! and is skipped.
//!
//! Names are compared on their Latin key (see `translit`), in the skeleton form that makes
//! romanization variants equal, word by word in any order ("Petrov Ivan" is "Ivan Petrov"),
//! by Jaro-Winkler: our own 30 lines, smaller than the `strsim` crate (about 8 KB gzipped)
//! for the one measure we use. Short words and every word of a Chinese name must match
//! exactly: "Wang Fang" and "Wang Fan", or "Yang" and "Jiang", are other people. So are
//! "Petrov" and "Petrova".

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::normalize::normalize_email;
use super::phone::phone_key;
use super::translit::{has_hanzi, latin_variants, skeleton};
use crate::book::Book;
use crate::model::{Client, NotDuplicates, Settings};

/// Two names at least this similar (0 to 1) make a candidate on their own.
pub const NAME_THRESHOLD: f64 = 0.9;

/// Blocks shared by more clients than this are skipped.
pub const MAX_BLOCK: usize = 64;

/// Words of a name that are compared; a longer name is rare, and its first words decide.
const MAX_WORDS: usize = 4;

/// Words shorter than this must match exactly: Jaro-Winkler finds "Olga" and "Olya" as close
/// as a typo.
const FUZZY_MIN_CHARS: usize = 5;

/// Two longer words are taken for one (a typo, another romanization) from this Jaro-Winkler
/// similarity on, and only when their lengths differ by at most two letters: Jaro-Winkler's
/// bonus for a shared start otherwise makes Petrov, Petrin and Petrovsky one family.
const WORD_FLOOR: f64 = 0.9;
const WORD_MAX_LENGTH_GAP: usize = 2;

/// Why two clients may be the same person, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// One's id is the other's, or one was merged into the other (see `Client::merged_from`).
    SameRecord,
    SamePhone,
    SameEmail,
    SimilarName,
}

/// Two clients of the book that are probably one person.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicatePair {
    /// The client created first: the one a merge keeps unless the user says otherwise.
    pub first: String,
    pub second: String,
    pub reasons: Vec<Reason>,
    /// From 0 to 1; the list is sorted by it, highest first.
    pub score: f32,
}

/// What an incoming client (from an import) probably duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchTarget {
    /// A client of the book, by id.
    Existing(String),
    /// An earlier client of the same import, by its position.
    Incoming(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct IncomingMatch {
    pub target: MatchTarget,
    pub reasons: Vec<Reason>,
    pub score: f32,
}

/// Probable duplicates among the book's clients (Trash left out), best first, without the
/// pairs the user answered "Not a duplicate" for.
pub fn find_duplicates_in_book(book: &Book) -> Vec<DuplicatePair> {
    let clients: Vec<&Client> = book.entries().map(|e| &e.client).filter(|c| c.trashed.is_none()).collect();
    find_duplicates(&clients, &book.settings)
}

/// Probable duplicates among `clients`, best first. Pairs in `settings.not_duplicates` are
/// left out, also when one of the two has since absorbed the client named there.
pub fn find_duplicates(clients: &[&Client], settings: &Settings) -> Vec<DuplicatePair> {
    let keys: Vec<MatchKeys> = clients.iter().map(|c| MatchKeys::of(c, &settings.default_country_code)).collect();
    let mut index = Index::default();
    for (i, k) in keys.iter().enumerate() {
        index.add(i, &k.blocks());
    }
    let mut pairs: HashSet<(u32, u32)> = HashSet::default();
    for members in index.blocks.values().filter(|m| (2..=MAX_BLOCK).contains(&m.len())) {
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    let mut found: Vec<DuplicatePair> = pairs
        .into_iter()
        .filter_map(|(i, j)| {
            let (a, b) = (clients[i as usize], clients[j as usize]);
            if dismissed(&settings.not_duplicates, a, b) {
                return None;
            }
            let (score, reasons) = judge(&keys[i as usize], &keys[j as usize])?;
            let (first, second) = if (a.created, &a.id) <= (b.created, &b.id) { (a, b) } else { (b, a) };
            Some(DuplicatePair { first: first.id.clone(), second: second.id.clone(), reasons, score })
        })
        .collect();
    found.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| (&x.first, &x.second).cmp(&(&y.first, &y.second))));
    found
}

/// `match_incoming` against the book's clients (Trash left out), with its default country.
pub fn match_incoming_in_book(book: &Book, incoming: &[Client]) -> Vec<Option<IncomingMatch>> {
    let existing: Vec<&Client> = book.entries().map(|e| &e.client).filter(|c| c.trashed.is_none()).collect();
    match_incoming(&existing, incoming, &book.settings.default_country_code)
}

/// For each incoming client (in order), the client it probably duplicates: one of the book's
/// `existing` clients, or an earlier incoming one (a file that lists someone twice). The best
/// score wins, and the book's client on a tie. `None`: a new client.
pub fn match_incoming(existing: &[&Client], incoming: &[Client], default_code: &str) -> Vec<Option<IncomingMatch>> {
    let existing_keys: Vec<MatchKeys> = existing.iter().map(|c| MatchKeys::of(c, default_code)).collect();
    let mut book_index = Index::default();
    for (i, k) in existing_keys.iter().enumerate() {
        book_index.add(i, &k.blocks());
    }
    let mut earlier_index = Index::default();
    let mut earlier_keys: Vec<MatchKeys> = Vec::with_capacity(incoming.len());
    let mut matches = Vec::with_capacity(incoming.len());
    for (i, client) in incoming.iter().enumerate() {
        let keys = MatchKeys::of(client, default_code);
        let blocks = keys.blocks();
        let mut best: Option<IncomingMatch> = None;
        for e in book_index.candidates(&blocks) {
            if let Some((score, reasons)) = judge(&keys, &existing_keys[e]) {
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best =
                        Some(IncomingMatch { target: MatchTarget::Existing(existing[e].id.clone()), reasons, score });
                }
            }
        }
        for j in earlier_index.candidates(&blocks) {
            if let Some((score, reasons)) = judge(&keys, &earlier_keys[j]) {
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(IncomingMatch { target: MatchTarget::Incoming(j), reasons, score });
                }
            }
        }
        earlier_index.add(i, &blocks);
        earlier_keys.push(keys);
        matches.push(best);
    }
    matches
}

/// How similar two names are, from 0 to 1, whatever script each is in.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (NameForms::of([a]), NameForms::of([b]));
    a.similarity(&b)
}

/// Jaro-Winkler similarity (prefix weight 0.1, up to 4 characters), by characters.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    // Name words are nearly always ASCII by now: compare their bytes, without collecting.
    if a.is_ascii() && b.is_ascii() {
        return jaro_winkler_of(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    jaro_winkler_of(&a, &b)
}

fn jaro_winkler_of<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    // Which characters found a partner; on the stack for words of usual length, since this
    // runs for every pair of words compared.
    let (mut a_stack, mut b_stack) = ([false; 32], [false; 32]);
    let (mut a_heap, mut b_heap) = (Vec::new(), Vec::new());
    let a_matched: &mut [bool] = if a.len() <= 32 {
        &mut a_stack[..a.len()]
    } else {
        a_heap.resize(a.len(), false);
        &mut a_heap
    };
    let b_matched: &mut [bool] = if b.len() <= 32 {
        &mut b_stack[..b.len()]
    } else {
        b_heap.resize(b.len(), false);
        &mut b_heap
    };
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut matches = 0usize;
    for (i, c) in a.iter().enumerate() {
        let (lo, hi) = (i.saturating_sub(window), (i + window + 1).min(b.len()));
        if let Some(j) = (lo..hi).find(|&j| !b_matched[j] && b[j] == *c) {
            a_matched[i] = true;
            b_matched[j] = true;
            matches += 1;
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let in_a = a.iter().zip(a_matched.iter()).filter(|(_, &m)| m).map(|(c, _)| c);
    let in_b = b.iter().zip(b_matched.iter()).filter(|(_, &m)| m).map(|(c, _)| c);
    let half_transpositions = in_a.zip(in_b).filter(|(x, y)| x != y).count();
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - half_transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// What a client is matched by, computed once per comparison run.
struct MatchKeys {
    /// The id and every id merged into it.
    ids: Vec<String>,
    /// Sorted, without repeats.
    phones: Vec<String>,
    emails: Vec<String>,
    names: NameForms,
}

impl MatchKeys {
    fn of(client: &Client, default_code: &str) -> Self {
        let mut phones: Vec<String> = client.phones.iter().filter_map(|p| phone_key(&p.number, default_code)).collect();
        phones.sort_unstable();
        phones.dedup();
        let mut emails: Vec<String> =
            client.emails.iter().map(|e| normalize_email(e)).filter(|e| e.contains('@')).collect();
        emails.sort_unstable();
        emails.dedup();
        let ids = std::iter::once(&client.id).chain(&client.merged_from).filter(|id| !id.is_empty()).cloned().collect();
        Self { ids, phones, emails, names: NameForms::of([client.name.as_str(), client.legal_name.as_str()]) }
    }

    fn blocks(&self) -> Vec<String> {
        let mut blocks: Vec<String> = self.ids.iter().map(|id| format!("r{id}")).collect();
        blocks.extend(self.phones.iter().map(|p| format!("p{p}")));
        blocks.extend(self.emails.iter().map(|e| format!("e{e}")));
        for words in self.names.forms.iter().map(|f| &f.words) {
            if let [one] = words.as_slice() {
                blocks.push(format!("n{one}"));
            }
            for (n, a) in words.iter().enumerate() {
                for b in &words[n + 1..] {
                    let (a, b) = (name_prefix(a), name_prefix(b));
                    blocks.push(if a <= b { format!("m{a}|{b}") } else { format!("m{b}|{a}") });
                }
            }
        }
        blocks.sort_unstable();
        blocks.dedup();
        blocks
    }
}

fn name_prefix(word: &str) -> &str {
    word.char_indices().nth(3).map_or(word, |(at, _)| &word[..at])
}

/// A client's names (name and legal name), each in every likely Latin reading, as skeleton
/// words.
struct NameForms {
    forms: Vec<NameForm>,
}

struct NameForm {
    words: Vec<String>,
    /// The name as written, without spaces, when it is in Chinese characters. Two such names
    /// are compared as written: pinyin has no tones, so 王芳 and 王方 are both "wang fang".
    hanzi: Option<String>,
}

impl NameForms {
    fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<NameForm> = Vec::new();
        for name in names.into_iter().filter(|n| !n.trim().is_empty()) {
            let hanzi = has_hanzi(name).then(|| name.split_whitespace().collect::<String>());
            for latin in latin_variants(name) {
                let mut words: Vec<String> = Vec::new();
                for word in latin.split(' ').map(skeleton).filter(|w| w.chars().count() >= 2) {
                    if !words.contains(&word) && words.len() < MAX_WORDS {
                        words.push(word);
                    }
                }
                if !words.is_empty() && !forms.iter().any(|f| f.words == words && f.hanzi == hanzi) {
                    forms.push(NameForm { words, hanzi: hanzi.clone() });
                }
            }
        }
        Self { forms }
    }

    fn similarity(&self, other: &Self) -> f64 {
        let mut best: f64 = 0.0;
        for a in &self.forms {
            for b in &other.forms {
                let score = match (&a.hanzi, &b.hanzi) {
                    (Some(x), Some(y)) => f64::from(u8::from(x == y)),
                    (x, y) => words_similarity(&a.words, &b.words, x.is_some() || y.is_some()),
                };
                best = best.max(score);
            }
        }
        best
    }
}

/// Each word of the shorter name against its best partner in the other, averaged. A name with
/// more words (a patronymic, a middle name) is a little less similar; against a single word
/// much less, since a first name alone says little.
fn words_similarity(a: &[String], b: &[String], exact: bool) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; long.len()];
    let mut total = 0.0;
    for word in short {
        let best = long
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, other)| (i, word_similarity(word, other, exact)))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, score)) = best {
            used[i] = true;
            total += score;
        }
    }
    let mean = total / short.len() as f64;
    match (short.len(), long.len()) {
        (s, l) if s == l => mean,
        (1, _) => mean * 0.8,
        _ => mean * 0.95,
    }
}

fn word_similarity(a: &str, b: &str, exact: bool) -> f64 {
    if a == b {
        return 1.0;
    }
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    if exact || a_len.min(b_len) < FUZZY_MIN_CHARS || a_len.abs_diff(b_len) > WORD_MAX_LENGTH_GAP || gendered(a, b) {
        return 0.0;
    }
    let score = jaro_winkler(a, b);
    if score >= WORD_FLOOR {
        score
    } else {
        0.0
    }
}

/// The masculine and feminine forms of one name (Petrov and Petrova, Petrovskiy and
/// Petrovskaya, Aleksandr and Aleksandra, Mario and Maria): usually two people of one family,
/// not a typo.
fn gendered(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(c, _)| c.len_utf8()).sum::<usize>();
    let (x, y) = (&a[common..], &b[common..]);
    let (x, y) = if x <= y { (x, y) } else { (y, x) };
    matches!((x, y), ("", "a") | ("aia", "ii") | ("aia", "i") | ("a", "o"))
}

/// The score and reasons for a pair, or `None` when nothing makes them look alike.
///
/// Contacts weigh most: the same phone 0.8, the same email 0.85, both 0.95. A similar name
/// alone gives 0.85 × its similarity, and together with a contact the two combine as
/// independent evidence. Contacts shared by clearly different names (a family's landline, a
/// team's inbox) count for a quarter less.
fn judge(a: &MatchKeys, b: &MatchKeys) -> Option<(f32, Vec<Reason>)> {
    let same_record = a.ids.iter().any(|id| b.ids.contains(id));
    let phone = shares(&a.phones, &b.phones);
    let email = shares(&a.emails, &b.emails);
    let name = a.names.similarity(&b.names);
    let similar = name >= NAME_THRESHOLD;
    let mut reasons = Vec::new();
    for (holds, reason) in [
        (same_record, Reason::SameRecord),
        (phone, Reason::SamePhone),
        (email, Reason::SameEmail),
        (similar, Reason::SimilarName),
    ] {
        if holds {
            reasons.push(reason);
        }
    }
    if reasons.is_empty() {
        return None;
    }
    if same_record {
        return Some((1.0, reasons));
    }
    let contact = match (phone, email) {
        (true, true) => 0.95,
        (true, false) => 0.8,
        (false, true) => 0.85,
        (false, false) => 0.0,
    };
    let from_name = if similar { 0.85 * name } else { 0.0 };
    let mut score = 1.0 - (1.0 - contact) * (1.0 - from_name);
    if contact > 0.0 && name < 0.5 {
        score *= 0.75;
    }
    Some((score.clamp(0.0, 1.0) as f32, reasons))
}

/// Whether two sorted lists share an item.
fn shares(a: &[String], b: &[String]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

/// "Not a duplicate" was said of these two, or of clients they have since absorbed.
fn dismissed(answers: &NotDuplicates, a: &Client, b: &Client) -> bool {
    if answers.is_empty() {
        return false;
    }
    let ids = |c: &'_ Client| std::iter::once(c.id.clone()).chain(c.merged_from.iter().cloned()).collect::<Vec<_>>();
    let (a_ids, b_ids) = (ids(a), ids(b));
    a_ids.iter().any(|x| b_ids.iter().any(|y| answers.contains(x, y)))
}

/// Block key to the positions of the clients that have it.
#[derive(Default)]
struct Index {
    blocks: HashMap<String, Vec<u32>>,
}

impl Index {
    fn add(&mut self, position: usize, blocks: &[String]) {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        for block in blocks {
            self.blocks.entry(block.clone()).or_default().push(position);
        }
    }

    /// Every position sharing a block of at most `MAX_BLOCK` clients with `blocks`.
    fn candidates(&self, blocks: &[String]) -> Vec<usize> {
        let mut found: Vec<usize> = blocks
            .iter()
            .filter_map(|b| self.blocks.get(b))
            .filter(|members| members.len() <= MAX_BLOCK)
            .flatten()
            .map(|&p| p as usize)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phone;
    use chrono::{DateTime, Utc};

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap()
    }

    fn client(id: &str, name: &str, phone: &str, email: &str) -> Client {
        let mut c = Client::new(id.into(), at(id.len() as i64));
        c.name = name.into();
        if !phone.is_empty() {
            c.phones.push(Phone { label: String::new(), number: phone.into() });
        }
        if !email.is_empty() {
            c.emails.push(email.into());
        }
        c
    }

    fn settings() -> Settings {
        Settings { default_country_code: "7".into(), ..Settings::default() }
    }

    fn pairs(clients: &[Client], settings: &Settings) -> Vec<(String, String, Vec<Reason>)> {
        let refs: Vec<&Client> = clients.iter().collect();
        find_duplicates(&refs, settings).into_iter().map(|p| (p.first, p.second, p.reasons)).collect()
    }

    #[test]
    fn jaro_winkler_agrees_with_the_published_examples() {
        let close = |a: &str, b: &str, expected: f64| {
            let got = jaro_winkler(a, b);
            assert!((got - expected).abs() < 0.001, "{a} {b}: {got}");
        };
        close("MARTHA", "MARHTA", 0.961);
        close("DWAYNE", "DUANE", 0.84);
        close("DIXON", "DICKSONX", 0.813);
        close("abc", "abc", 1.0);
        close("abc", "xyz", 0.0);
        close("", "", 1.0);
        close("a", "", 0.0);
    }

    #[test]
    fn transliterated_names_are_the_same_name() {
        for (a, b) in [
            ("Ivan Petrov", "Иван Петров"),
            ("Olena Kovalenko", "Олена Коваленко"),
            ("Wang Fang", "王芳"),
            ("Fang Wang", "王芳"),
            ("Wang Xiaofang", "王小芳"),
            ("Chen Meiling", "陳美玲"),
            ("王芳", "王 芳"),
            ("Hanna Hryhorenko", "Ганна Григоренко"),
            ("Sergei Ivanov", "Сергей Иванов"),
            ("Serhiy Melnyk", "Сергій Мельник"),
            ("Yulia Tymoshenko", "Юлія Тимошенко"),
            ("Mikhail Khodorkovsky", "Mihail Hodorkovskiy"),
            ("Petrov Ivan", "Ivan Petrov"),
            ("IVAN PETROV", "ivan petrov"),
        ] {
            let score = name_similarity(a, b);
            assert!(score >= NAME_THRESHOLD, "{a} ~ {b}: {score}");
        }
    }

    #[test]
    fn different_people_are_not_similar() {
        for (a, b) in [
            ("Ivan Petrov", "Ivan Petrova"),
            ("Ivan Petrov", "Anna Petrova"),
            ("Wang Fang", "Wang Fan"),
            ("Yang Li", "Jiang Li"),
            ("Hu Wei", "Gu Wei"),
            ("王芳", "王方"),
            ("王芳", "王芳芳"),
            ("Olga Ivanova", "Olya Ivanova"),
            ("Ivan", "Ivan Petrov"),
            ("Maria Lopez", "Mario Lopez"),
            ("Ivan Petrov", "Ivan Petrenko"),
            ("Ivan Petrov", "Ivan Petrovsky"),
            ("Ivan Petrov", "Ivan Petrin"),
            ("Aleksandr Petrovskiy", "Aleksandra Petrovskaya"),
            ("", "Ivan"),
        ] {
            let score = name_similarity(a, b);
            assert!(score < NAME_THRESHOLD, "{a} !~ {b}: {score}");
        }
    }

    #[test]
    fn a_patronymic_or_a_typo_still_matches() {
        assert!(name_similarity("Иван Иванович Петров", "Ivan Petrov") >= NAME_THRESHOLD);
        assert!(name_similarity("Aleksandr Kuznetsov", "Alexander Kuznetsov") >= NAME_THRESHOLD);
        assert!(name_similarity("Ekaterina Smirnova", "Ekaterina Smirnovva") >= NAME_THRESHOLD);
    }

    #[test]
    fn pairs_carry_their_reasons_and_the_strongest_come_first() {
        let clients = [
            client("a", "Ivan Petrov", "8 (916) 123-45-67", "ivan@example.com"),
            client("bb", "Иван Петров", "+7 916 1234567", " IVAN@example.com "),
            client("ccc", "Maria Lopez", "", "maria@example.com"),
            client("dddd", "Maria Lopez", "", ""),
            client("eeeee", "Olga Sidorova", "+7 916 1234567", ""),
            client("ffffff", "Somebody Else", "+44 20 7946 0018", "else@example.com"),
        ];
        let found = pairs(&clients, &settings());
        assert_eq!(
            found[0],
            ("a".into(), "bb".into(), vec![Reason::SamePhone, Reason::SameEmail, Reason::SimilarName])
        );
        assert!(found.contains(&("ccc".into(), "dddd".into(), vec![Reason::SimilarName])));
        assert!(found.contains(&("a".into(), "eeeee".into(), vec![Reason::SamePhone])));
        assert!(found.contains(&("bb".into(), "eeeee".into(), vec![Reason::SamePhone])));
        assert_eq!(found.len(), 4, "{found:?}");
        let scores: Vec<f32> =
            find_duplicates(&clients.iter().collect::<Vec<_>>(), &settings()).iter().map(|p| p.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]) && scores.iter().all(|s| (0.0..=1.0).contains(s)));
        assert!(scores[0] > 0.95 && *scores.last().unwrap() < 0.7, "{scores:?}");
    }

    #[test]
    fn a_pair_answered_not_a_duplicate_is_never_proposed_again() {
        let mut a = client("a", "Anna Smirnova", "+7 916 000 00 01", "");
        let b = client("bb", "Anna Smirnova", "", "");
        let mut settings = settings();
        settings.not_duplicates.insert("bb", "a");
        assert!(pairs(&[a.clone(), b.clone()], &settings).is_empty());
        // Nor after "a" was merged into another client.
        a.id = "z".into();
        a.merged_from = vec!["a".into()];
        assert!(pairs(&[a.clone(), b.clone()], &settings).is_empty());
        settings.not_duplicates.remove("a", "bb");
        assert_eq!(pairs(&[a, b], &settings).len(), 1);
    }

    #[test]
    fn crowded_blocks_are_no_evidence() {
        // One-word names, all different (of letters no romanization variant touches): only
        // the phone is shared.
        let letter = |n: usize| char::from(b"abcdef"[n % 6]);
        let name = |i: usize| format!("Q{}{}{}", letter(i / 36), letter(i / 6), letter(i));
        let clients: Vec<Client> =
            (0..=MAX_BLOCK).map(|i| client(&format!("c{i}"), &name(i), "+7 495 000 00 00", "")).collect();
        assert_eq!(
            pairs(&clients[..MAX_BLOCK], &settings()).len(),
            MAX_BLOCK * (MAX_BLOCK - 1) / 2,
            "a full block counts"
        );
        let crowded = pairs(&clients, &settings());
        assert!(crowded.is_empty(), "{crowded:?}");
    }

    #[test]
    fn incoming_clients_match_the_book_or_an_earlier_row() {
        let book = [client("a", "Ivan Petrov", "+7 916 123 45 67", ""), client("b", "王芳", "", "fang@example.cn")];
        let mut merged = client("c", "Olena Kovalenko", "", "");
        merged.merged_from = vec!["old-olena".into()];
        let existing: Vec<&Client> = book.iter().chain([&merged]).collect();
        let incoming = [
            client("", "Petrov Ivan", "89161234567", ""),
            client("", "Wang Fang", "", "Fang@Example.cn"),
            client("", "New Person", "+380 50 123 45 67", ""),
            client("", "New Persson", "050 123 4567", ""),
            client("old-olena", "O. K.", "", ""),
            client("", "Nobody Known", "", ""),
        ];
        let found = match_incoming(&existing, &incoming, "380");
        let targets: Vec<Option<MatchTarget>> = found.iter().map(|m| m.as_ref().map(|m| m.target.clone())).collect();
        assert_eq!(
            targets,
            [
                Some(MatchTarget::Existing("a".into())),
                Some(MatchTarget::Existing("b".into())),
                None,
                Some(MatchTarget::Incoming(2)),
                Some(MatchTarget::Existing("c".into())),
                None,
            ]
        );
        let reasons = |m: &Option<IncomingMatch>| m.as_ref().map(|m| m.reasons.clone()).unwrap_or_default();
        // "89161234567" is not the Russian number when the default country is Ukraine...
        assert_eq!(reasons(&found[0]), [Reason::SimilarName]);
        // ...but is with +7.
        assert_eq!(
            reasons(&match_incoming(&existing, &incoming[..1], "7")[0]),
            [Reason::SamePhone, Reason::SimilarName]
        );
        assert_eq!(reasons(&found[4]), [Reason::SameRecord]);
    }

    #[test]
    fn ten_thousand_clients_are_checked_quickly() {
        let (clients, planted) = synthetic_book(10_000);
        let refs: Vec<&Client> = clients.iter().collect();
        let settings = settings();
        let started = std::time::Instant::now();
        let found = find_duplicates(&refs, &settings);
        let elapsed = started.elapsed();
        let incoming: Vec<Client> = clients.iter().map(|c| Client { id: String::new(), ..c.clone() }).collect();
        let started = std::time::Instant::now();
        let matched = match_incoming(&refs, &incoming, &settings.default_country_code);
        let import_elapsed = started.elapsed();
        println!(
            "10,000 clients: {} candidate pairs in {elapsed:?}; 10,000 incoming against them in {import_elapsed:?}",
            found.len()
        );
        let found: HashSet<(String, String)> = found.into_iter().map(|p| (p.first, p.second)).collect();
        for (a, b) in &planted {
            assert!(found.contains(&(a.clone(), b.clone())), "planted pair {a} {b} not found");
        }
        assert!(matched.iter().all(Option::is_some), "every client of a re-import matches");
        // Generous: the budget is 1 s in the browser; natively, even unoptimised, far less.
        assert!(elapsed.as_secs() < 30, "{elapsed:?}");
    }

    /// A deterministic book of `n` clients in Latin, Cyrillic and Chinese, with one planted
    /// duplicate per hundred (same person, other case or other phone formatting).
    pub(crate) fn synthetic_book(n: usize) -> (Vec<Client>, Vec<(String, String)>) {
        const FIRST: [&str; 24] = [
            "Ivan", "Anna", "Olena", "Sergey", "Maria", "Dmitry", "Olga", "Pavel", "Iryna", "Taras", "Yulia", "Andriy",
            "John", "Emma", "Lucas", "Sofia", "Mateo", "Chloe", "Noah", "Mia", "Liam", "Ava", "Omar", "Lea",
        ];
        const ROOTS: [&str; 30] = [
            "Petr", "Ivan", "Smirn", "Kuzn", "Pop", "Vasil", "Sokol", "Mikhayl", "Novik", "Fedor", "Morozk", "Volk",
            "Alex", "Lebed", "Semen", "Egor", "Pavl", "Kozl", "Stepan", "Nikol", "Orl", "Andre", "Makar", "Zakhar",
            "Zaitz", "Solov", "Borisk", "Yakovl", "Grigor", "Roman",
        ];
        const ENDS: [&str; 6] = ["ov", "enko", "uk", "in", "sky", "ets"];
        const FIRST_CY: [&str; 12] = [
            "Иван",
            "Олена",
            "Сергей",
            "Юлія",
            "Мария",
            "Тарас",
            "Ольга",
            "Дмитрий",
            "Ірина",
            "Павел",
            "Анна",
            "Андрій",
        ];
        const ROOTS_CY: [&str; 20] = [
            "Петр",
            "Иван",
            "Смирн",
            "Кузнец",
            "Поп",
            "Василь",
            "Сокол",
            "Новик",
            "Федор",
            "Волк",
            "Лебед",
            "Семен",
            "Егор",
            "Павл",
            "Козл",
            "Степан",
            "Никол",
            "Орл",
            "Макар",
            "Захар",
        ];
        const ENDS_CY: [&str; 4] = ["ов", "енко", "ук", "ин"];
        const SURNAMES_HZ: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
        const GIVEN_HZ: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂子轩梓涵浩宇";
        let surnames: Vec<char> = SURNAMES_HZ.chars().collect();
        let given: Vec<char> = GIVEN_HZ.chars().collect();
        let mut seed: u64 = 42;
        let mut next = move |below: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % below
        };
        let mut clients = Vec::with_capacity(n);
        let mut planted = Vec::new();
        for i in 0..n {
            let id = format!("{i:08}");
            let name = match next(10) {
                0 => format!("{} {}{}", FIRST_CY[next(12)], ROOTS_CY[next(20)], ENDS_CY[next(4)]),
                1 => {
                    let mut name = format!("{}{}", surnames[next(20)], given[next(30)]);
                    if next(2) == 0 {
                        name.push(given[next(30)]);
                    }
                    name
                }
                _ => format!("{} {}{}", FIRST[next(24)], ROOTS[next(30)], ENDS[next(6)]),
            };
            let mut c = client(&id, &name, &format!("+7 9{:02} {:03} {:04}", next(100), next(1000), next(10_000)), "");
            c.created = at(i as i64);
            if next(3) == 0 {
                c.emails.push(format!("client{i}@example.com"));
            }
            if i % 100 == 99 {
                let original: &Client = &clients[i - 50];
                c.name = original.name.to_uppercase();
                c.phones = vec![Phone { label: String::new(), number: original.phones[0].number.replace("+7", "8") }];
                planted.push((original.id.clone(), id.clone()));
            }
            clients.push(c);
        }
        (clients, planted)
    }
}
