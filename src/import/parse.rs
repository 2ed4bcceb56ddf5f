//! One data row to typed values, with a plain-language message for every
//! cell that could not be used. A bad cell never loses the row: the deal is
//! imported with that field empty and a warning.
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::cells::{currency_code, parse_flag, parse_money_as, parse_percent, parse_status, text};
use super::model::Field;
use super::prepare::Prepared;
use crate::money;
use crate::process::{DealStatus, Risk};
use crate::store::stages::{Meaning, StageMeanings};
use sheet::grid::{Cell, GridRow};
use sheet::values::{parse_date, parse_datetime, DateOrder};

/// A cell problem: column header, the value as written, the message.
#[derive(Debug, Clone, PartialEq)]
pub struct CellIssue {
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct ParsedDeal {
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub account: Option<String>,
    pub owner: Option<String>,
    pub amount: Option<i64>,
    pub currency: String,
    pub close_date: Option<NaiveDate>,
    pub created_date: Option<NaiveDate>,
    pub status: DealStatus,
    pub stage: Option<u8>,
    pub crm_stage: Option<String>,
    pub risk: Option<Risk>,
    pub next_step: Option<String>,
    pub last_activity: Option<NaiveDate>,
    pub probability: Option<f64>,
    /// The row's product or line item (kept in `extra` too).
    pub product: Option<String>,
    /// When the CRM last changed the deal (kept in `extra` too).
    pub modified: Option<NaiveDateTime>,
    /// The Won? and Closed? flags as read (the preview shows them).
    pub won_flag: Option<bool>,
    pub closed_flag: Option<bool>,
    pub extra: Option<String>,
    pub warnings: Vec<CellIssue>,
}

pub struct Context<'a> {
    pub prepared: &'a Prepared,
    pub currency: &'a str,
    pub stages: &'a StageMeanings,
    /// Meanings by label as written: a 100,000-row file has a handful of labels.
    pub seen_labels: std::cell::RefCell<HashMap<String, Meaning>>,
}

impl<'a> Context<'a> {
    pub fn new(prepared: &'a Prepared, currency: &'a str, stages: &'a StageMeanings) -> Self {
        Context {
            prepared,
            currency,
            stages,
            seen_labels: Default::default(),
        }
    }

    fn meaning(&self, label: &str) -> Meaning {
        if let Some(m) = self.seen_labels.borrow().get(label) {
            return *m;
        }
        let m = self.stages.meaning(label);
        self.seen_labels.borrow_mut().insert(label.to_string(), m);
        m
    }

    fn issue(&self, field: Field, cell: &Cell, message: impl Into<String>) -> CellIssue {
        CellIssue {
            column: self.prepared.header_of(field),
            value: cell.display(),
            message: message.into(),
        }
    }

    fn date(
        &self,
        row: &GridRow,
        field: Field,
        warnings: &mut Vec<CellIssue>,
        what: &str,
    ) -> Option<NaiveDate> {
        let cell = self.prepared.cell(row, field);
        let col = self.prepared.field_columns.get(&field)?;
        let order = self
            .prepared
            .date_orders
            .get(col)
            .copied()
            .unwrap_or(DateOrder::Iso);
        match parse_date(cell, order, self.prepared.grid.is_1904) {
            Ok(d) => d,
            Err(why) => {
                warnings.push(self.issue(
                    field,
                    cell,
                    format!("{why}; the {what} was left empty."),
                ));
                None
            }
        }
    }

    /// The date and time in `field`'s cell; a value that is not one is
    /// warned about, and the row is then compared with others of its deal
    /// by its place in the file.
    fn datetime(
        &self,
        row: &GridRow,
        field: Field,
        warnings: &mut Vec<CellIssue>,
    ) -> Option<NaiveDateTime> {
        let col = self.prepared.field_columns.get(&field)?;
        let cell = row.get(*col);
        let order = self
            .prepared
            .date_orders
            .get(col)
            .copied()
            .unwrap_or(DateOrder::Iso);
        match parse_datetime(cell, order, self.prepared.grid.is_1904) {
            Ok(d) => d,
            Err(why) => {
                warnings.push(self.issue(
                    field,
                    cell,
                    format!("{why}; other rows of this deal, if any, are compared by their place in the file."),
                ));
                None
            }
        }
    }

    /// A yes/no flag cell; anything else is a warning and says nothing.
    fn flag(&self, row: &GridRow, field: Field, warnings: &mut Vec<CellIssue>) -> Option<bool> {
        let cell = self.prepared.cell(row, field);
        if cell.is_empty() {
            return None;
        }
        let flag = parse_flag(cell);
        if flag.is_none() {
            warnings.push(self.issue(
                field,
                cell,
                "not a yes/no value (TRUE/FALSE, 1/0, Y/N); the stage decided the status.",
            ));
        }
        flag
    }

    /// The status the Won?/Closed? flags give (Salesforce's IsWon/IsClosed,
    /// Bitrix24's CLOSED): won when won; closed and not won is lost; not
    /// closed is open. An empty flag says nothing (exports often leave
    /// FALSE empty), so the stage decides. A flag that contradicts the
    /// stage wins, as the CRM's own field, with a warning.
    fn flag_status(
        &self,
        row: &GridRow,
        deal: &ParsedDeal,
        stage_outcome: Option<DealStatus>,
        warnings: &mut Vec<CellIssue>,
    ) -> Option<DealStatus> {
        let p = self.prepared;
        let (status, field) = match (deal.won_flag, deal.closed_flag) {
            (Some(true), _) => (DealStatus::Won, Field::IsWon),
            // Closed without a won flag to say how: the stage says, else it is read as lost.
            (_, Some(true)) if !p.has(Field::IsWon) && stage_outcome.is_some() => return None,
            (_, Some(true)) if !p.has(Field::IsWon) => {
                warnings.push(self.issue(
                    Field::IsClosed,
                    p.cell(row, Field::IsClosed),
                    "closed, but neither the stage nor a won column says won or lost; read as lost.",
                ));
                return Some(DealStatus::Lost);
            }
            (_, Some(true)) => (DealStatus::Lost, Field::IsWon),
            (_, Some(false)) => (DealStatus::Open, Field::IsClosed),
            // Not won, while the stage says won: the flag is the CRM's own
            // field, and a deal whose stage closed it without a win was lost.
            (Some(false), None) if stage_outcome == Some(DealStatus::Won) => {
                (DealStatus::Lost, Field::IsWon)
            }
            _ => return None,
        };
        if let Some(o) = stage_outcome.filter(|o| *o != status) {
            warnings.push(self.issue(
                field,
                p.cell(row, field),
                format!(
                    "the stage says {} but this column says {}; read as {}.",
                    o.as_str(),
                    status.as_str(),
                    status.as_str()
                ),
            ));
        }
        Some(status)
    }

    pub fn deal(&self, row: &GridRow) -> ParsedDeal {
        let p = self.prepared;
        let mut w = Vec::new();
        let mut deal = ParsedDeal {
            external_id: text(p.cell(row, Field::ExternalId)),
            name: text(p.cell(row, Field::Name)),
            account: text(p.cell(row, Field::Account)),
            owner: text(p.cell(row, Field::Owner)),
            next_step: text(p.cell(row, Field::NextStep)),
            product: text(p.cell(row, Field::Product)),
            currency: self.currency.to_string(),
            ..ParsedDeal::default()
        };
        // The amount's header may name its currency ("amount_usd"); a
        // currency column, then a currency written in the amount, say more.
        if let Some(c) = p.amount_currency {
            deal.currency = c.to_string();
        }
        let currency_cell = p.cell(row, Field::Currency);
        if currency_cell.is_empty() {
            // An empty cell in a column of one currency is in that currency.
            if let (Some(c), None) = (&p.column_currency, p.amount_currency) {
                deal.currency.clone_from(c);
            }
        } else {
            match currency_code(currency_cell) {
                Some(code) => deal.currency = code,
                None => {
                    let used = format!("not a currency code; {} was used.", deal.currency);
                    w.push(self.issue(Field::Currency, currency_cell, used));
                }
            }
        }
        let amount_cell = p.cell(row, Field::Amount);
        match parse_money_as(amount_cell, p.decimal) {
            Ok(None) => {}
            Ok(Some((v, found))) => {
                if let (Some(c), false) = (found, p.has(Field::Currency)) {
                    deal.currency = c.to_string();
                }
                if v < 0.0 {
                    w.push(self.issue(
                        Field::Amount,
                        amount_cell,
                        "a negative amount; the amount was left empty.",
                    ));
                } else {
                    deal.amount = money::to_minor(v, &deal.currency);
                    if deal.amount.is_none() {
                        w.push(self.issue(
                            Field::Amount,
                            amount_cell,
                            "the amount is too large; it was left empty.",
                        ));
                    }
                }
            }
            Err(why) => w.push(self.issue(
                Field::Amount,
                amount_cell,
                format!("{why}; the amount was left empty."),
            )),
        }
        deal.close_date = self.date(row, Field::CloseDate, &mut w, "close date");
        deal.created_date = self.date(row, Field::CreatedDate, &mut w, "created date");
        deal.last_activity = self.date(row, Field::LastActivity, &mut w, "last activity date");
        deal.modified = self.datetime(row, Field::LastModified, &mut w);

        // The stage label, then yes/no flags, then a status column: each
        // later one wins when it says something.
        let stage_cell = p.cell(row, Field::Stage);
        deal.crm_stage = text(stage_cell);
        let mut stage_outcome = None;
        if let Some(label) = &deal.crm_stage {
            let meaning = self.meaning(label);
            match meaning.outcome {
                Some(o) => {
                    deal.status = o;
                    stage_outcome = Some(o);
                }
                None => deal.stage = meaning.stage,
            }
        }
        deal.won_flag = self.flag(row, Field::IsWon, &mut w);
        deal.closed_flag = self.flag(row, Field::IsClosed, &mut w);
        if let Some(status) = self.flag_status(row, &deal, stage_outcome, &mut w) {
            deal.status = status;
        }
        let status_cell = p.cell(row, Field::Status);
        if let Some(s) = text(status_cell) {
            match parse_status(&s) {
                Some(status) => deal.status = status,
                None => w.push(self.issue(
                    Field::Status,
                    status_cell,
                    "not a status (open, won or lost); the stage decided it.",
                )),
            }
        }
        if let Some(outcome) = p.named_outcome {
            deal.status = outcome;
        }
        if deal.status != DealStatus::Open {
            deal.stage = None;
        }
        let risk_cell = p.cell(row, Field::Risk);
        if let Some(r) = text(risk_cell) {
            match Risk::parse(&r) {
                Some(risk) if deal.status == DealStatus::Open => deal.risk = Some(risk),
                Some(_) => {}
                None => w.push(self.issue(
                    Field::Risk,
                    risk_cell,
                    "not a risk level (red, orange, yellow or green); left unassessed.",
                )),
            }
        }
        if deal.status == DealStatus::Open
            && deal.close_date.is_none()
            && p.has(Field::CloseDate)
            && text(p.cell(row, Field::CloseDate)).is_none()
        {
            w.push(CellIssue {
                column: p.header_of(Field::CloseDate),
                value: String::new(),
                message: "open deal without a close date: it is in no quarter's forecast until it gets one.".into(),
            });
        }
        let probability_cell = p.cell(row, Field::Probability);
        if !probability_cell.is_empty() {
            match parse_percent(probability_cell) {
                Some(v) => deal.probability = Some(v),
                None => w.push(self.issue(
                    Field::Probability,
                    probability_cell,
                    "not a percentage between 0% and 100%; left empty.",
                )),
            }
        }
        deal.extra = self.extra(row);
        deal.warnings = w;
        deal
    }

    /// Values of the columns no field uses, kept with the deal as JSON,
    /// with those of the fields that have no place of their own (product,
    /// last modified).
    fn extra(&self, row: &GridRow) -> Option<String> {
        let p = self.prepared;
        let mut map = serde_json::Map::new();
        for a in p.mapping.iter().filter(|a| kept_in_extra(a.field)) {
            let cell = row.get(a.column);
            if cell.is_empty() {
                continue;
            }
            let header = p
                .headers
                .get(a.column as usize)
                .cloned()
                .unwrap_or_default();
            let key = if header.is_empty() {
                sheet::letter(a.column)
            } else {
                header
            };
            map.insert(key, serde_json::Value::String(cell.display()));
        }
        (!map.is_empty()).then(|| serde_json::Value::Object(map).to_string())
    }
}

/// Whether a column mapped to `field` is kept with the deal as written
/// (see `ParsedDeal::extra`): no field, or one the deals table has no
/// column for.
pub fn kept_in_extra(field: Option<Field>) -> bool {
    matches!(field, None | Some(Field::Product | Field::LastModified))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::parse_money;

    #[test]
    fn percentages() {
        assert_eq!(parse_percent(&Cell::Text("45%".into())), Some(0.45));
        assert_eq!(parse_percent(&Cell::Text("45".into())), Some(0.45));
        assert_eq!(parse_percent(&Cell::Number(0.3)), Some(0.3));
        assert_eq!(parse_percent(&Cell::Text("12,5 %".into())), Some(0.125));
        assert_eq!(parse_percent(&Cell::Text("150%".into())), None);
        assert_eq!(parse_percent(&Cell::Text("high".into())), None);
    }

    #[test]
    fn yes_no_flags() {
        for yes in ["TRUE", "true", "1", "Y", "yes", "Sí", "oui", "ja"] {
            assert_eq!(parse_flag(&Cell::Text(yes.into())), Some(true), "{yes}");
        }
        for no in ["FALSE", "false", "0", "N", "no", "non", "nein", "não"] {
            assert_eq!(parse_flag(&Cell::Text(no.into())), Some(false), "{no}");
        }
        assert_eq!(parse_flag(&Cell::Number(1.0)), Some(true));
        assert_eq!(parse_flag(&Cell::Number(0.0)), Some(false));
        assert_eq!(parse_flag(&Cell::Bool(true)), Some(true));
        assert_eq!(parse_flag(&Cell::Text("1.0".into())), Some(true));
        assert_eq!(parse_flag(&Cell::Text("maybe".into())), None);
        assert_eq!(parse_flag(&Cell::Number(2.0)), None);
        assert_eq!(parse_flag(&Cell::Empty), None);
    }

    #[test]
    fn status_cells() {
        use DealStatus::*;
        let cases = [
            ("Won", Some(Won)),
            ("Lost", Some(Lost)),
            ("Open", Some(Open)),
            ("closed won", Some(Won)),
            // Dynamics 365 status reasons.
            ("Canceled", Some(Lost)),
            ("Out-Sold", Some(Lost)),
            ("On Hold", Some(Open)),
            ("In Progress", Some(Open)),
            // Bitrix24 STAGE_SEMANTIC_ID.
            ("P", Some(Open)),
            ("S", Some(Won)),
            ("F", Some(Lost)),
            // Other languages.
            ("Ganado", Some(Won)),
            ("Perdu", Some(Lost)),
            ("Em andamento", Some(Open)),
            ("Negotiation", None),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_status(cell), want, "{cell}");
        }
    }

    #[test]
    fn currency_cells() {
        assert_eq!(currency_code(&Cell::Text("rub".into())), Some("RUB".into()));
        assert_eq!(currency_code(&Cell::Text("€".into())), Some("EUR".into()));
        assert_eq!(currency_code(&Cell::Text("-99".into())), None);
        assert_eq!(currency_code(&Cell::Text("Sin_Factura".into())), None);
    }

    #[test]
    fn money_cells() {
        assert_eq!(
            parse_money(&Cell::Text("$1,200".into())),
            Ok(Some((1200.0, Some("USD"))))
        );
        assert!(parse_money(&Cell::Text("N/A".into())).is_err());
        assert!(parse_money(&Cell::Text("45%".into())).is_err());
    }
}
