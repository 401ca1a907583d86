//! Column names the auto-mapping recognises: Google Contacts (both of its CSV layouts), Outlook,
//! Clientele's own export, and the usual English, Russian, Ukrainian and Chinese names.
//! docs/IMPORT.md lists them all; keep the two in step.
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
    numbered(&key).or_else(|| exact(&key)).unwrap_or(FieldTarget::Skip)
}

fn phone(label: &str) -> Option<FieldTarget> {
    Some(FieldTarget::Phone { slot: 0, label: label.to_owned() })
}

fn address(slot: u8, part: AddressPart) -> Option<FieldTarget> {
    Some(FieldTarget::Address { slot, part })
}

fn name(part: NamePart) -> Option<FieldTarget> {
    Some(FieldTarget::Name(part))
}

fn messenger(kind: MessengerKind) -> Option<FieldTarget> {
    Some(FieldTarget::Messenger { slot: 0, kind })
}

/// Names without a number in them.
fn exact(key: &str) -> Option<FieldTarget> {
    use AddressPart::*;
    use FieldTarget as T;
    use NamePart::*;
    match key {
        // Names. "Name" is the full name in Google's older layout and in Clientele's export.
        "name"
        | "fullname"
        | "displayname"
        | "contactname"
        | "clientname"
        | "фио"
        | "фамилияимяотчество"
        | "полноеимя"
        | "клиент"
        | "піб"
        | "прізвищеімяпобатькові"
        | "повнеімя"
        | "姓名"
        | "名字"
        | "全名"
        | "客户姓名"
        | "客户名称"
        | "联系人" => name(Full),
        "firstname" | "givenname" | "first" | "имя" | "імя" | "名" => name(Given),
        "middlename" | "additionalname" | "отчество" | "побатькові" => name(Middle),
        "lastname" | "familyname" | "surname" | "фамилия" | "прізвище" | "姓" | "姓氏" => {
            name(Family)
        }
        "nameprefix" | "prefix" | "salutation" => name(Prefix),
        "namesuffix" | "suffix" => name(Suffix),
        "legalname" | "юридическоеимя" => Some(T::LegalName),
        "nickname" | "alias" | "nick" | "псевдоним" | "ник" | "псевдонім" | "нік" | "昵称" | "暱稱" | "别名" => {
            Some(T::Alias)
        }
        // Phones. Labels are in the file's language, as its column names are.
        "phone"
        | "phones"
        | "phonenumber"
        | "telephone"
        | "tel"
        | "телефон"
        | "телефоны"
        | "тел"
        | "номертелефона"
        | "контактныйтелефон"
        | "телефони"
        | "номертелефону"
        | "电话"
        | "电话号码"
        | "联系电话"
        | "電話" => phone(""),
        "mobile" | "mobilephone" | "mobilenumber" | "cell" | "cellphone" => phone("mobile"),
        "iphone" => phone("iPhone"),
        "homephone" | "homephone2" => phone("home"),
        "businessphone" | "businessphone2" | "workphone" | "companymainphone" => phone("work"),
        "otherphone" => phone("other"),
        "primaryphone" => phone("main"),
        "carphone" => phone("car"),
        "pager" => phone("pager"),
        "homefax" | "businessfax" | "otherfax" | "fax" => phone("fax"),
        "assistantsphone" => phone("assistant"),
        "мобильный" | "мобильныйтелефон" | "моб" | "мобтелефон" | "сотовый" | "сотовыйтелефон" => {
            phone("мобильный")
        }
        "рабочийтелефон" => phone("рабочий"),
        "домашнийтелефон" => phone("домашний"),
        "мобільний" | "мобільнийтелефон" => phone("мобільний"),
        "робочийтелефон" => phone("робочий"),
        "домашнійтелефон" => phone("домашній"),
        "手机" | "手机号" | "手机号码" | "移动电话" | "手機" => phone("手机"),
        "工作电话" | "办公电话" => phone("工作"),
        "家庭电话" | "住宅电话" => phone("家庭"),
        // Emails.
        "email"
        | "emails"
        | "emailaddress"
        | "mail"
        | "электроннаяпочта"
        | "элпочта"
        | "почта"
        | "емейл"
        | "имейл"
        | "електроннапошта"
        | "елпошта"
        | "пошта"
        | "імейл"
        | "邮箱"
        | "电子邮件"
        | "电子邮箱"
        | "邮件"
        | "電子郵件"
        | "郵箱" => Some(T::Email),
        // Messengers by name.
        "telegram" | "телеграм" | "телеграмм" => messenger(MessengerKind::Telegram),
        "whatsapp" | "ватсап" | "вотсап" => messenger(MessengerKind::WhatsApp),
        "signal" => messenger(MessengerKind::Signal),
        "viber" | "вайбер" => messenger(MessengerKind::Viber),
        "wechat" | "weixin" | "微信" | "微信号" => messenger(MessengerKind::WeChat),
        "messengers" => messenger(MessengerKind::Other),
        // Address parts. Outlook's three addresses are slots 1 (home), 2 (business), 3 (other).
        "address" | "streetaddress" | "адрес" | "адреса" | "地址" | "住址" | "联系地址" => {
            address(1, Formatted)
        }
        "street" | "homestreet" | "homestreet2" | "homestreet3" | "улица" | "вулиця" | "街道" => {
            address(1, Street)
        }
        "city" | "town" | "homecity" | "город" | "місто" | "城市" => address(1, City),
        "region" | "state" | "province" | "homestate" | "область" | "регион" | "регіон" | "省" | "省份" | "地区" => {
            address(1, Region)
        }
        "postcode"
        | "postalcode"
        | "zip"
        | "zipcode"
        | "homepostalcode"
        | "индекс"
        | "почтовыйиндекс"
        | "індекс"
        | "поштовийіндекс"
        | "邮编"
        | "邮政编码"
        | "郵遞區號" => address(1, Postcode),
        "country" | "homecountry" | "homecountryregion" | "страна" | "країна" | "国家" => {
            address(1, Country)
        }
        "homeaddresspobox" => address(1, PoBox),
        "businessstreet" | "businessstreet2" | "businessstreet3" => address(2, Street),
        "businesscity" => address(2, City),
        "businessstate" => address(2, Region),
        "businesspostalcode" => address(2, Postcode),
        "businesscountry" | "businesscountryregion" => address(2, Country),
        "businessaddresspobox" => address(2, PoBox),
        "otherstreet" | "otherstreet2" | "otherstreet3" => address(3, Street),
        "othercity" => address(3, City),
        "otherstate" => address(3, Region),
        "otherpostalcode" => address(3, Postcode),
        "othercountry" | "othercountryregion" => address(3, Country),
        "otheraddresspobox" => address(3, PoBox),
        // The rest of the profile.
        "birthday"
        | "birthdate"
        | "dateofbirth"
        | "dob"
        | "bday"
        | "деньрождения"
        | "датарождения"
        | "др"
        | "деньнародження"
        | "датанародження"
        | "生日"
        | "出生日期" => Some(T::Birthday),
        "gender" | "sex" | "пол" | "стать" | "性别" => Some(T::Gender),
        "language" | "язык" | "мова" | "语言" => Some(T::Language),
        "tags" | "tag" | "labels" | "groupmembership" | "groups" | "categories" | "category" | "теги" | "тег"
        | "метки" | "группа" | "группы" | "категория" | "категории" | "мітки" | "група" | "групи" | "категорія"
        | "категорії" | "标签" | "標籤" | "分组" | "类别" => Some(T::Tags),
        "company"
        | "organization"
        | "organisation"
        | "organizationname"
        | "org"
        | "компания"
        | "организация"
        | "компанія"
        | "організація"
        | "公司"
        | "单位"
        | "工作单位"
        | "公司名称" => Some(T::Organization),
        "jobtitle" | "organizationtitle" | "occupation" | "position" | "profession" | "должность" | "посада"
        | "职位" | "职务" | "職位" => Some(T::JobTitle),
        "source" | "leadsource" | "referredby" | "источник" | "джерело" | "来源" => Some(T::Source),
        "notes"
        | "note"
        | "comment"
        | "comments"
        | "remarks"
        | "заметки"
        | "заметка"
        | "примечание"
        | "примечания"
        | "комментарий"
        | "комментарии"
        | "нотатки"
        | "нотатка"
        | "примітки"
        | "примітка"
        | "коментар"
        | "коментарі"
        | "备注"
        | "備註"
        | "附注"
        | "说明" => Some(T::Notes),
        "preferences" | "предпочтения" | "вподобання" | "уподобання" | "偏好" | "喜好" => {
            Some(T::Preferences)
        }
        "boundaries" => Some(T::Boundaries),
        "alert" => Some(T::Alert),
        _ => None,
    }
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
