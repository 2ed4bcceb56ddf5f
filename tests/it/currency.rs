//! The workspace currency is an ISO 4217 currency picked from a list:
//! "dollars" and "DOL" are refused with a plain message, "EUR" is kept.
use crate::common::TestWs;
use salesos::api::{self, Empty, SaveSettingsRequest};

fn save(t: &TestWs, currency: &str) -> Result<api::Settings, api::ApiError> {
    api::save_settings(
        &t.ws,
        SaveSettingsRequest {
            currency: currency.into(),
            fiscal_year_start_month: 1,
        },
    )
}

#[test]
fn made_up_codes_are_refused_and_iso_codes_kept() {
    let t = TestWs::new();
    for bad in ["dollars", "DOL", "XXX", ""] {
        let err = save(&t, bad).unwrap_err();
        assert_eq!(err.code, api::ErrorCode::Invalid);
        assert!(
            err.message.contains("is not a currency code")
                && err.message.contains("EUR (Euro)")
                && !err.message.contains('`'),
            "{}",
            err.message
        );
    }
    assert_eq!(api::get_settings(&t.ws, Empty {}).unwrap().currency, "USD");
    assert_eq!(save(&t, "EUR").unwrap().currency, "EUR");
    assert_eq!(save(&t, " jpy ").unwrap().currency, "JPY");
}

#[test]
fn the_list_has_code_name_and_minor_digits() {
    let t = TestWs::new();
    let list = api::currencies(&t.ws, Empty {}).unwrap();
    let find = |code: &str| list.iter().find(|c| c.code == code);
    let eur = find("EUR").expect("EUR listed");
    assert_eq!((eur.name.as_str(), eur.minor_digits), ("Euro", 2));
    assert_eq!(find("JPY").unwrap().minor_digits, 0);
    assert_eq!(find("KWD").unwrap().minor_digits, 3);
    // Funds, metals and test codes are not currencies a pipeline is kept in.
    for not_money in ["XAU", "XXX", "XTS", "USN", "CLF"] {
        assert!(find(not_money).is_none(), "{not_money}");
    }
    assert!(list.len() > 140, "{}", list.len());
    assert!(list.windows(2).all(|w| w[0].code < w[1].code));
}
