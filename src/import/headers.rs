//! Column names the auto-mapping recognises: Google Contacts (both of its CSV layouts), Outlook,
//! Clientele's own export, and the usual English, Russian, Ukrainian and Chinese names.
//! docs/IMPORT.md lists them all, and a test checks that it lists exactly [`KNOWN`].
//!
//! A name is compared by its [`header_key`]: lowercased, with everything but letters and digits
//! taken out, so `E-mail Address`, `e-mail address` and `EmailAddress` are one name, and so are
//! `Эл. почта` and `Эл.почта`, or `Ім'я` and `Імʼя`.

use crate::model::MessengerKind;

use super::mapping::{AddressPart, FieldTarget, NamePart};

/// A column name reduced to lowercase letters and digits.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// What a column with this name most likely holds; `Skip` when the name is not known.
pub fn recognise(header: &str) -> FieldTarget {
    let key = header_key(header);
    numbered(&key)
        .or_else(|| KNOWN.iter().find(|(_, names)| names.iter().any(|n| header_key(n) == key)).map(|(k, _)| k.target()))
        .unwrap_or(FieldTarget::Skip)
}

/// What a known column name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Known {
    Name(NamePart),
    LegalName,
    Alias,
    /// A phone, with the label its column gives, in the column name's language.
    Phone(&'static str),
    Email,
    Messenger(MessengerKind),
    /// An address part; Outlook's home, business and other addresses are slots 1, 2 and 3.
    Address(u8, AddressPart),
    Birthday,
    Gender,
    Language,
    Tags,
    Organization,
    JobTitle,
    Source,
    Notes,
    Preferences,
    Boundaries,
    Alert,
}

impl Known {
    fn target(self) -> FieldTarget {
        match self {
            Known::Name(part) => FieldTarget::Name(part),
            Known::LegalName => FieldTarget::LegalName,
            Known::Alias => FieldTarget::Alias,
            Known::Phone(label) => FieldTarget::Phone { slot: 0, label: label.to_owned() },
            Known::Email => FieldTarget::Email,
            Known::Messenger(kind) => FieldTarget::Messenger { slot: 0, kind },
            Known::Address(slot, part) => FieldTarget::Address { slot, part },
            Known::Birthday => FieldTarget::Birthday,
            Known::Gender => FieldTarget::Gender,
            Known::Language => FieldTarget::Language,
            Known::Tags => FieldTarget::Tags,
            Known::Organization => FieldTarget::Organization,
            Known::JobTitle => FieldTarget::JobTitle,
            Known::Source => FieldTarget::Source,
            Known::Notes => FieldTarget::Notes,
            Known::Preferences => FieldTarget::Preferences,
            Known::Boundaries => FieldTarget::Boundaries,
            Known::Alert => FieldTarget::Alert,
        }
    }
}

/// Every known column name (without a number in it) and what it holds, compared by
/// [`header_key`]. docs/IMPORT.md lists this table; a test keeps the two the same. "Name" is
/// the whole name in Google's older layout and in Clientele's export.
#[rustfmt::skip]
pub(super) const KNOWN: &[(Known, &[&str])] = {
    use AddressPart::*;
    use Known::*;
    use MessengerKind::*;
    use NamePart::*;
    &[
        (Name(Full), &["Name", "Full Name", "Display Name", "Contact Name", "Client Name", "ФИО",
            "Фамилия Имя Отчество", "Полное имя", "Клиент", "ПІБ", "Прізвище Ім'я По батькові", "Повне ім'я",
            "姓名", "名字", "全名", "客户姓名", "客户名称", "联系人"]),
        (Name(Given), &["First Name", "Given Name", "First", "Имя", "Ім'я", "名"]),
        (Name(Middle), &["Middle Name", "Additional Name", "Отчество", "По батькові"]),
        (Name(Family), &["Last Name", "Family Name", "Surname", "Фамилия", "Прізвище", "姓", "姓氏"]),
        (Name(Prefix), &["Name Prefix", "Prefix", "Salutation"]),
        (Name(Suffix), &["Name Suffix", "Suffix"]),
        (LegalName, &["Legal Name"]),
        (Alias, &["Nickname", "Alias", "Nick", "Псевдоним", "Ник", "Псевдонім", "Нік", "昵称", "暱稱", "别名"]),
        (Phone(""), &["Phone", "Phones", "Phone Number", "Telephone", "Tel", "Телефон", "Телефоны", "Тел.",
            "Номер телефона", "Контактный телефон", "Телефони", "Номер телефону", "电话", "电话号码", "联系电话",
            "電話"]),
        (Phone("mobile"), &["Mobile", "Mobile Phone", "Mobile Number", "Cell", "Cell Phone"]),
        (Phone("iPhone"), &["iPhone"]),
        (Phone("home"), &["Home Phone", "Home Phone 2"]),
        (Phone("work"), &["Business Phone", "Business Phone 2", "Work Phone", "Company Main Phone"]),
        (Phone("other"), &["Other Phone"]),
        (Phone("main"), &["Primary Phone"]),
        (Phone("car"), &["Car Phone"]),
        (Phone("pager"), &["Pager"]),
        (Phone("fax"), &["Fax", "Home Fax", "Business Fax", "Other Fax"]),
        (Phone("assistant"), &["Assistant's Phone"]),
        (Phone("мобильный"), &["Мобильный", "Мобильный телефон", "Моб.", "Моб. телефон", "Сотовый",
            "Сотовый телефон"]),
        (Phone("рабочий"), &["Рабочий телефон"]),
        (Phone("домашний"), &["Домашний телефон"]),
        (Phone("мобільний"), &["Мобільний", "Мобільний телефон"]),
        (Phone("робочий"), &["Робочий телефон"]),
        (Phone("домашній"), &["Домашній телефон"]),
        (Phone("手机"), &["手机", "手机号", "手机号码", "移动电话", "手機"]),
        (Phone("工作"), &["工作电话", "办公电话"]),
        (Phone("家庭"), &["家庭电话", "住宅电话"]),
        (Email, &["E-mail", "Emails", "E-mail Address", "Mail", "Электронная почта", "Эл. почта", "Почта",
            "Емейл", "Имейл", "Електронна пошта", "Ел. пошта", "Пошта", "Імейл", "邮箱", "电子邮件", "电子邮箱",
            "邮件", "電子郵件", "郵箱"]),
        (Messenger(Telegram), &["Telegram", "Телеграм", "Телеграмм"]),
        (Messenger(WhatsApp), &["WhatsApp", "Ватсап", "Вотсап"]),
        (Messenger(Signal), &["Signal"]),
        (Messenger(Viber), &["Viber", "Вайбер"]),
        (Messenger(WeChat), &["WeChat", "Weixin", "微信", "微信号"]),
        (Messenger(MessengerKind::Other), &["Messengers"]),
        (Address(1, Formatted), &["Address", "Street Address", "Адрес", "Адреса", "地址", "住址", "联系地址"]),
        (Address(1, Street), &["Street", "Home Street", "Home Street 2", "Home Street 3", "Улица", "Вулиця",
            "街道"]),
        (Address(1, City), &["City", "Town", "Home City", "Город", "Місто", "城市"]),
        (Address(1, Region), &["Region", "State", "Province", "Home State", "Область", "Регион", "Регіон", "省",
            "省份", "地区"]),
        (Address(1, Postcode), &["Postcode", "Postal Code", "ZIP", "ZIP Code", "Home Postal Code", "Индекс",
            "Почтовый индекс", "Індекс", "Поштовий індекс", "邮编", "邮政编码", "郵遞區號"]),
        (Address(1, Country), &["Country", "Home Country", "Home Country/Region", "Страна", "Країна", "国家"]),
        (Address(1, PoBox), &["Home Address PO Box"]),
        (Address(2, Street), &["Business Street", "Business Street 2", "Business Street 3"]),
        (Address(2, City), &["Business City"]),
        (Address(2, Region), &["Business State"]),
        (Address(2, Postcode), &["Business Postal Code"]),
        (Address(2, Country), &["Business Country", "Business Country/Region"]),
        (Address(2, PoBox), &["Business Address PO Box"]),
        (Address(3, Street), &["Other Street", "Other Street 2", "Other Street 3"]),
        (Address(3, City), &["Other City"]),
        (Address(3, Region), &["Other State"]),
        (Address(3, Postcode), &["Other Postal Code"]),
        (Address(3, Country), &["Other Country", "Other Country/Region"]),
        (Address(3, PoBox), &["Other Address PO Box"]),
        (Birthday, &["Birthday", "Birth Date", "Date of Birth", "DOB", "BDAY", "День рождения", "Дата рождения",
            "ДР", "День народження", "Дата народження", "生日", "出生日期"]),
        (Gender, &["Gender", "Sex", "Пол", "Стать", "性别"]),
        (Language, &["Language", "Язык", "Мова", "语言"]),
        (Tags, &["Tags", "Tag", "Labels", "Group Membership", "Groups", "Categories", "Category", "Теги", "Тег",
            "Метки", "Группа", "Группы", "Категория", "Категории", "Мітки", "Група", "Групи", "Категорія",
            "Категорії", "标签", "標籤", "分组", "类别"]),
        (Organization, &["Company", "Organization", "Organisation", "Organization Name", "Org", "Компания",
            "Организация", "Компанія", "Організація", "公司", "单位", "工作单位", "公司名称"]),
        (JobTitle, &["Job Title", "Organization Title", "Occupation", "Position", "Profession", "Должность",
            "Посада", "职位", "职务", "職位"]),
        (Source, &["Source", "Lead Source", "Referred By", "Источник", "Джерело", "来源"]),
        (Notes, &["Notes", "Note", "Comment", "Comments", "Remarks", "Заметки", "Заметка", "Примечание",
            "Примечания", "Комментарий", "Комментарии", "Нотатки", "Нотатка", "Примітки", "Примітка", "Коментар",
            "Коментарі", "备注", "備註", "附注", "说明"]),
        (Preferences, &["Preferences", "Предпочтения", "Вподобання", "Уподобання", "偏好", "喜好"]),
        (Boundaries, &["Boundaries"]),
        (Alert, &["Alert"]),
    ]
};

fn address(slot: u8, part: AddressPart) -> Option<FieldTarget> {
    Some(FieldTarget::Address { slot, part })
}

/// Google's numbered columns (`Phone 1 - Value`, `E-mail 2 - Label`, `Address 1 - City`…) and
/// Outlook's `E-mail 2 Address`.
fn numbered(key: &str) -> Option<FieldTarget> {
    use AddressPart::*;
    use FieldTarget as T;
    let (prefix, slot, suffix) = split_number(key)?;
    match (prefix, suffix) {
        ("phone", "value") => Some(T::Phone { slot, label: String::new() }),
        ("phone", "type" | "label") => Some(T::PhoneLabel { slot }),
        ("email", "value" | "address") => Some(T::Email),
        ("im", "value") => Some(T::Messenger { slot, kind: MessengerKind::Other }),
        ("im", "service") => Some(T::MessengerService { slot }),
        ("address", "formatted") => address(slot, Formatted),
        ("address", "street") => address(slot, Street),
        ("address", "extendedaddress") => address(slot, Extended),
        ("address", "pobox") => address(slot, PoBox),
        ("address", "city") => address(slot, City),
        ("address", "region") => address(slot, Region),
        ("address", "postalcode") => address(slot, Postcode),
        ("address", "country") => address(slot, Country),
        ("organization", "name") => Some(T::Organization),
        ("organization", "title") => Some(T::JobTitle),
        _ => Some(T::Skip),
    }
}

/// `phone1value` → ("phone", 1, "value"): letters, a number, letters.
fn split_number(key: &str) -> Option<(&str, u8, &str)> {
    let start = key.find(|c: char| c.is_ascii_digit())?;
    let end = start + key[start..].find(|c: char| !c.is_ascii_digit())?;
    let (prefix, suffix) = (&key[..start], &key[end..]);
    let known = ["phone", "email", "im", "address", "organization", "website", "relation", "event", "customfield"];
    if !known.contains(&prefix) || suffix.is_empty() {
        return None;
    }
    Some((prefix, key[start..end].parse().ok()?, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a [`Known`] holds, as docs/IMPORT.md names it.
    fn describe(known: Known) -> String {
        let part = |part: AddressPart| match part {
            AddressPart::Formatted => "whole",
            AddressPart::Street => "street",
            AddressPart::Extended => "second street line",
            AddressPart::PoBox => "PO box",
            AddressPart::City => "city",
            AddressPart::Region => "region",
            AddressPart::Postcode => "postcode",
            AddressPart::Country => "country",
        };
        match known {
            Known::Name(NamePart::Full) => "Name, whole".into(),
            Known::Name(NamePart::Given) => "Name, given".into(),
            Known::Name(NamePart::Middle) => "Name, middle or patronymic".into(),
            Known::Name(NamePart::Family) => "Name, family".into(),
            Known::Name(NamePart::Prefix) => "Name, prefix".into(),
            Known::Name(NamePart::Suffix) => "Name, suffix".into(),
            Known::LegalName => "Legal name".into(),
            Known::Alias => "Alias".into(),
            Known::Phone("") => "Phone".into(),
            Known::Phone(label) => format!("Phone, label \"{label}\""),
            Known::Email => "Email".into(),
            Known::Messenger(kind) => format!("Messenger, {kind:?}"),
            Known::Address(slot, p) => format!("Address {slot}, {}", part(p)),
            Known::Birthday => "Birthday".into(),
            Known::Gender => "Gender".into(),
            Known::Language => "Language".into(),
            Known::Tags => "Tags".into(),
            Known::Organization => "Organization (to the notes)".into(),
            Known::JobTitle => "Job title (to the notes)".into(),
            Known::Source => "Source".into(),
            Known::Notes => "Notes".into(),
            Known::Preferences => "Preferences".into(),
            Known::Boundaries => "Boundaries".into(),
            Known::Alert => "Alert".into(),
        }
    }

    fn doc_row(known: Known, names: &[&str]) -> String {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        format!("| {} | {} |", describe(known), names.join(", "))
    }

    #[test]
    fn the_import_guide_lists_exactly_the_known_names() {
        let guide = include_str!("../../docs/IMPORT.md");
        let section = guide.split("<!-- known column names -->").nth(1).unwrap_or("");
        let listed: Vec<&str> = section
            .lines()
            .take_while(|l| !l.starts_with("<!--"))
            .filter(|l| l.starts_with("| ") && l.contains('`'))
            .collect();
        let expected: Vec<String> = KNOWN.iter().map(|(known, names)| doc_row(*known, names)).collect();
        assert_eq!(listed, expected, "docs/IMPORT.md's table of column names differs from KNOWN");
    }

    #[test]
    fn every_known_name_is_recognised_as_listed() {
        for (known, names) in KNOWN {
            for name in *names {
                assert_eq!(recognise(name), known.target(), "{name}");
            }
        }
    }

    #[test]
    fn keys_ignore_case_spaces_and_punctuation() {
        assert_eq!(header_key("E-mail 1 - Value"), "email1value");
        assert_eq!(header_key(" Эл. почта "), "элпочта");
        assert_eq!(header_key("Ім’я"), "імя");
        assert_eq!(header_key("Home Country/Region"), "homecountryregion");
    }

    #[test]
    fn google_numbered_columns() {
        assert_eq!(recognise("Phone 2 - Value"), FieldTarget::Phone { slot: 2, label: String::new() });
        assert_eq!(recognise("Phone 2 - Type"), FieldTarget::PhoneLabel { slot: 2 });
        assert_eq!(recognise("Phone 1 - Label"), FieldTarget::PhoneLabel { slot: 1 });
        assert_eq!(recognise("E-mail 3 - Value"), FieldTarget::Email);
        assert_eq!(recognise("E-mail 1 - Label"), FieldTarget::Skip);
        assert_eq!(recognise("Address 1 - Postal Code"), FieldTarget::Address { slot: 1, part: AddressPart::Postcode });
        assert_eq!(recognise("Website 1 - Value"), FieldTarget::Skip);
        assert_eq!(recognise("E-mail 2 Address"), FieldTarget::Email);
        assert_eq!(recognise("Phone 300 - Value"), FieldTarget::Skip);
    }

    #[test]
    fn names_in_four_languages() {
        for (header, part) in [
            ("First Name", NamePart::Given),
            ("Фамилия", NamePart::Family),
            ("Ім'я", NamePart::Given),
            ("По батькові", NamePart::Middle),
            ("姓", NamePart::Family),
            ("姓名", NamePart::Full),
        ] {
            assert_eq!(recognise(header), FieldTarget::Name(part), "{header}");
        }
        assert_eq!(recognise("Мобильный телефон"), FieldTarget::Phone { slot: 0, label: "мобильный".into() });
        assert_eq!(recognise("电子邮件"), FieldTarget::Email);
        assert_eq!(recognise("Yomi Name"), FieldTarget::Skip);
    }
}
