//! Reaching clients through the user's own phone: the links a contact detail opens (a mail
//! app, the dialler, a messenger's chat). The app itself never sends anything and makes no
//! request; these are addresses the user taps.

pub mod contact_links;
