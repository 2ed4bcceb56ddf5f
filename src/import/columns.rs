//! Finding the header row and mapping columns to fields, by the field
//! dictionary (`dictionary.tsv`: the common CRMs' exports and headers in
//! five languages) and by what the columns hold.
use std::collections::HashMap;

use super::cells;
use super::dictionary;
use super::model::{then_counts, ColumnAssignment, Field, FieldInfo, ImportKind};
use crate::process::normalize;
use sheet::grid::{Cell, Grid};

/// The column names an import of `kind` knows, as the reader's sheet
/// picker asks for them (see `sheet::Fields`).
pub(super) fn header_fields(kind: ImportKind) -> impl Fn(&str) -> Option<usize> + Sync {
    move |header| field_for_header(kind, header).map(|f| f as usize)
}

/// For a read that names its sheet: no sheet is picked by its columns.
pub(super) fn no_fields(_: &str) -> Option<usize> {
    None
}

/// An activity export's fields, in display order.
const ACTIVITY_FIELDS: [Field; 17] = then_counts([
    Field::Owner,
    Field::ActivityDate,
    Field::ActivityType,
    Field::Subject,
    Field::CallResult,
    Field::Duration,
    Field::ActivityId,
]);

/// Fields a kind of import fills, in display order.
pub fn fields(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::Deals => &[
            Field::ExternalId,
            Field::Name,
            Field::Account,
            Field::Owner,
            Field::Amount,
            Field::Currency,
            Field::CloseDate,
            Field::CreatedDate,
            Field::Stage,
            Field::Status,
            Field::IsWon,
            Field::IsClosed,
            Field::Risk,
            Field::NextStep,
            Field::LastActivity,
            Field::Probability,
            Field::Product,
            Field::LastModified,
        ],
        ImportKind::Reps => &[
            Field::Name,
            Field::Email,
            Field::Role,
            Field::Manager,
            Field::StartDate,
            Field::Quota,
            Field::Segment,
            Field::RepStatus,
            Field::RoleStart,
            Field::AnnualCost,
        ],
        ImportKind::Activities => &ACTIVITY_FIELDS,
    }
}

pub fn info(kind: ImportKind, field: Field) -> FieldInfo {
    let (label, help) = match (kind, field) {
        (_, Field::ExternalId) => (
            "Deal ID",
            "The CRM's id; re-imports update the deal with the same id.",
        ),
        (ImportKind::Reps, Field::Name) => ("Rep name", "Matches the owner names on deals."),
        (ImportKind::Activities, Field::Owner) => (
            "Rep",
            "Who did it (Assigned, Activity assigned to); matched to the roster by name.",
        ),
        (_, Field::Name) => (
            "Deal name",
            "Identifies the deal when the export has no id (with the account).",
        ),
        (_, Field::Account) => ("Account", "The buying company."),
        (_, Field::Owner) => ("Owner", "The rep who owns the deal; new names become reps."),
        (_, Field::Amount) => ("Amount", "Deal value, in any common money format."),
        (_, Field::Currency) => ("Currency", "ISO code per deal, when the export has one."),
        (_, Field::CloseDate) => (
            "Close date",
            "Expected close date (actual, once won or lost).",
        ),
        (_, Field::CreatedDate) => (
            "Created date",
            "When the deal was created; feeds create-and-close.",
        ),
        (_, Field::Stage) => ("Stage", "The CRM stage; mapped to the buyer agreements."),
        (_, Field::Status) => (
            "Status",
            "Open, won or lost; wins over the stage when present.",
        ),
        (_, Field::IsWon) => (
            "Won?",
            "Yes/no (TRUE/FALSE, 1/0): the deal was won; with Closed?, a closed deal not won is lost.",
        ),
        (_, Field::IsClosed) => (
            "Closed?",
            "Yes/no (TRUE/FALSE, 1/0, Y/N): the deal is closed, won or lost.",
        ),
        (_, Field::Risk) => ("Risk", "Red, orange, yellow or green."),
        (_, Field::NextStep) => ("Next step", "What the rep plans to get next."),
        (_, Field::LastActivity) => ("Last activity", "Date of the last touch."),
        (_, Field::Probability) => ("Probability", "The CRM's win probability, e.g. 40%."),
        (_, Field::Product) => (
            "Product",
            "The product or line item; rows of one deal with different products are its line items, and their amounts are added up.",
        ),
        (_, Field::LastModified) => (
            "Last modified",
            "When the CRM last changed the deal; of several rows of one deal, the latest is imported.",
        ),
        (_, Field::Email) => ("Email", ""),
        (_, Field::Role) => ("Role", "AE, SDR, CSM or manager."),
        (_, Field::Manager) => ("Manager", "The rep's manager, by name."),
        (_, Field::StartDate) => ("Start date", "First day in the role; feeds ramp tracking."),
        (_, Field::Quota) => (
            "Quarterly quota",
            "Used as the rep's goal when none is set.",
        ),
        (_, Field::Segment) => ("Segment", "The market the rep sells to."),
        (_, Field::RepStatus) => ("Status", "Active, left or promoted."),
        (_, Field::RoleStart) => (
            "Role start",
            "When the current role began: a promotion starts a new ramp.",
        ),
        (_, Field::AnnualCost) => (
            "Fully loaded cost",
            "What the rep costs a year: salary, commission, taxes, benefits (OTE is taken when that is all there is). Feeds cost of sales on the Scale page.",
        ),
        (_, Field::ActivityId) => (
            "Activity ID",
            "The CRM's id; a re-import never counts the same activity twice.",
        ),
        (_, Field::ActivityDate) => (
            "Date",
            "The activity's date, or the first day of the week or month a summary row counts.",
        ),
        (_, Field::ActivityType) => (
            "Activity type",
            "Call, email, meeting...; types SalesOS does not know are yours to count.",
        ),
        (_, Field::Subject) => (
            "Subject",
            "Tells the type when there is no type column (\"Call\", \"Demo\").",
        ),
        (_, Field::CallResult) => (
            "Call result",
            "Whether a call connected (or an email was answered).",
        ),
        (_, Field::Duration) => ("Duration", "How long, in minutes or h:mm."),
        (_, Field::Calls) => ("Calls", "Calls in the period."),
        (_, Field::Emails) => ("Emails", "Emails sent in the period."),
        (_, Field::Connects) => ("Connects", "Calls that reached someone."),
        (_, Field::Replies) => ("Replies", "Emails answered."),
        (_, Field::Meetings) => ("Customer meetings", "All customer meetings held."),
        (_, Field::FirstMeetings) => ("First meetings", "First meetings and demos held."),
        (_, Field::FollowUpMeetings) => ("Follow-up meetings", "Follow-up meetings held."),
        (_, Field::MeetingsBooked) => (
            "Meetings booked",
            "Qualified meetings set for an AE (SDRs).",
        ),
        (_, Field::AccountsEngaged) => ("Accounts engaged", "Accounts touched in the period."),
        (_, Field::OpportunitiesCreated) => (
            "Opportunities created",
            "New opportunities opened in the period.",
        ),
    };
    FieldInfo {
        field,
        label: label.into(),
        help: help.into(),
    }
}

/// The field a header names, if any: the field dictionary's answer
/// (`dictionary.tsv`), for the fields this kind of import fills.
pub fn field_for_header(kind: ImportKind, header: &str) -> Option<Field> {
    header_match(kind, header).map(|m| m.field)
}

fn header_match(kind: ImportKind, header: &str) -> Option<dictionary::Match> {
    dictionary::lookup(kind, header).filter(|m| fields(kind).contains(&m.field))
}

/// Where the dictionary knows a column's header from, when the column feeds
/// the field the header names ("Zoho CRM (Potentials)"): the mapping step
/// shows it, so a user sees why a column was matched.
pub fn known_as(kind: ImportKind, header: &str, field: Option<Field>) -> Option<String> {
    header_match(kind, header)
        .filter(|m| Some(m.field) == field)
        .map(|m| m.source_labels())
}

/// Index of the header row within `grid.rows`: the first of the top 30 rows
/// naming the most fields, so report titles and filter lines above it are skipped.
pub fn find_header(grid: &Grid, kind: ImportKind) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().take(30).enumerate() {
        let score = row
            .cells
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => field_for_header(kind, t),
                _ => None,
            })
            .collect::<std::collections::HashSet<_>>()
            .len();
        if score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i).or_else(|| {
        // No known header: the first row with two or more text cells.
        grid.rows.iter().take(30).position(|r| {
            r.cells
                .iter()
                .filter(|c| matches!(c, Cell::Text(t) if !t.trim().is_empty()))
                .count()
                >= 2
        })
    })
}

/// The suggested mapping: each field to the column the dictionary ranks
/// best for it (then the leftmost), among those whose values fit it, so
/// `Amount` wins over `Expected Revenue` and a text column is never the
/// amount. `sample(column)` gives a column's first data cells.
pub fn suggest<'a>(
    kind: ImportKind,
    headers: &[String],
    sample: impl Fn(u32) -> Vec<&'a Cell>,
) -> Vec<ColumnAssignment> {
    let mut matches: Vec<(u32, dictionary::Match)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((u32::try_from(i).ok()?, header_match(kind, h)?)))
        .collect();
    matches.sort_by_key(|(column, m)| (m.rank, *column));
    let mut chosen: HashMap<Field, u32> = HashMap::new();
    for (column, m) in &matches {
        if !chosen.contains_key(&m.field) && values_fit(m.field, &sample(*column)) {
            chosen.insert(m.field, *column);
        }
    }
    // An amount whose header names its currency ("amount_usd") says what
    // currency it is in; a currency column beside it (in the exports seen,
    // an invoice's) is left for the user to map.
    let named = |c: &u32| {
        headers
            .get(*c as usize)
            .and_then(|h| dictionary::header_currency(h))
    };
    if chosen.get(&Field::Amount).and_then(named).is_some() {
        chosen.remove(&Field::Currency);
    }
    let by_column: HashMap<u32, Field> = chosen.into_iter().map(|(f, c)| (c, f)).collect();
    (0..headers.len())
        .filter_map(|i| u32::try_from(i).ok())
        .map(|column| ColumnAssignment {
            column,
            field: by_column.get(&column).copied(),
        })
        .collect()
}

/// Whether a column's first values could be the field. Only fields with a
/// strict form are checked (an amount, a currency code, a yes/no flag, a
/// status, a percentage); one value in five is enough, so typos and "N/A"
/// never cost a column its field, while a column of names never becomes the
/// amount.
fn values_fit(field: Field, cells: &[&Cell]) -> bool {
    let filled: Vec<&Cell> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() {
        return true;
    }
    let fits = filled
        .iter()
        .filter(|c| match field {
            Field::Amount | Field::Quota | Field::AnnualCost => {
                matches!(cells::parse_money(c), Ok(Some(_)))
            }
            f if f.counts().is_some() => cells::parse_count(c).is_some(),
            Field::Currency => cells::currency_code(c).is_some(),
            Field::IsWon | Field::IsClosed => cells::parse_flag(c).is_some(),
            Field::Status => cells::text(c)
                .and_then(|t| cells::parse_status(&t))
                .is_some(),
            Field::Probability => cells::parse_percent(c).is_some(),
            _ => true,
        })
        .count();
    fits.saturating_mul(5) >= filled.len()
}

/// A key that is the same for every export with the same columns, so the
/// mapping the user chose once is used again next Monday.
pub fn source_key(kind: ImportKind, headers: &[String]) -> String {
    let joined: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    format!("{}|{}", kind.as_str(), joined.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_headers() {
        let k = ImportKind::Deals;
        assert_eq!(field_for_header(k, "Opportunity Name"), Some(Field::Name));
        assert_eq!(field_for_header(k, "Deal - Title"), Some(Field::Name));
        assert_eq!(field_for_header(k, "Deal - Value"), Some(Field::Amount));
        assert_eq!(
            field_for_header(k, "Expected close date"),
            Some(Field::CloseDate)
        );
        assert_eq!(field_for_header(k, "Sales Agent"), Some(Field::Owner));
        assert_eq!(field_for_header(k, "Deal - ID"), Some(Field::ExternalId));
        assert_eq!(field_for_header(k, "close_value"), Some(Field::Amount));
        assert_eq!(field_for_header(k, "deal_stage"), Some(Field::Stage));
        assert_eq!(field_for_header(k, "Product"), Some(Field::Product));
        assert_eq!(field_for_header(k, "Product__c"), Some(Field::Product));
        assert_eq!(
            field_for_header(k, "LastModifiedDate"),
            Some(Field::LastModified)
        );
        assert_eq!(
            field_for_header(k, "DATE_MODIFY"),
            Some(Field::LastModified)
        );
        assert_eq!(field_for_header(k, "updated_at"), Some(Field::LastModified));
        assert_eq!(
            field_for_header(k, "LastModifiedDate__c"),
            Some(Field::LastModified)
        );
        assert_eq!(
            field_for_header(k, "Modified Time"),
            Some(Field::LastModified)
        );
    }

    #[test]
    fn crm_api_names_and_labels() {
        use Field::*;
        let k = ImportKind::Deals;
        let cases: &[(&str, Option<Field>)] = &[
            // Salesforce API names, as the API and Data Loader (in capitals) write them.
            ("StageName", Some(Stage)),
            ("STAGENAME", Some(Stage)),
            ("CloseDate", Some(CloseDate)),
            ("CLOSEDATE", Some(CloseDate)),
            ("CreatedDate", Some(CreatedDate)),
            ("IsWon", Some(IsWon)),
            ("ISWON", Some(IsWon)),
            ("IsClosed", Some(IsClosed)),
            ("OwnerId", Some(Owner)),
            ("Owner.External_Id__c", Some(Owner)),
            ("Account.External_Id__c", Some(Account)),
            ("External_Id__c", Some(ExternalId)),
            ("LastActivityDate__c", Some(LastActivity)),
            ("DateTimeCreated__c", Some(CreatedDate)),
            ("ForecastCategoryName", None),
            ("EXPECTEDREVENUE", Some(Amount)),
            // HubSpot, Pipedrive, Zoho, Dynamics 365, Bitrix24.
            ("Deal Stage", Some(Stage)),
            ("hs_is_closed_won", Some(IsWon)),
            ("Deal - Title", Some(Name)),
            ("Deal - Value", Some(Amount)),
            ("Deal - Expected close date", Some(CloseDate)),
            ("Deal - Status", Some(Status)),
            ("Deal - Owner", Some(Owner)),
            ("Deal - Organization", Some(Account)),
            ("Deal - Deal created", Some(CreatedDate)),
            ("Potential Name", Some(Name)),
            ("Potential Owner", Some(Owner)),
            ("Closing Date", Some(CloseDate)),
            ("Created Time", Some(CreatedDate)),
            ("Forecast Type", Some(Status)),
            ("Topic", Some(Name)),
            ("Potential Customer", Some(Account)),
            ("Est. Revenue", Some(Amount)),
            ("Est. Close Date", Some(CloseDate)),
            ("Actual Close Date", Some(CloseDate)),
            ("Actual Revenue", Some(Amount)),
            ("Status", Some(Status)),
            ("Owner", Some(Owner)),
            ("TITLE", Some(Name)),
            ("OPPORTUNITY", Some(Amount)),
            ("CURRENCY_ID", Some(Currency)),
            ("STAGE_ID", Some(Stage)),
            ("DATE_CREATE", Some(CreatedDate)),
            ("ASSIGNED_BY_ID", Some(Owner)),
            ("STAGE_SEMANTIC_ID", Some(Status)),
            ("CLOSED", Some(IsClosed)),
            ("OPENED", None),
            ("BEGINDATE", None),
            // Spanish, Portuguese, French, German, Italian.
            ("empresa", Some(Account)),
            ("etapa", Some(Stage)),
            ("importe", Some(Amount)),
            ("responsable", Some(Owner)),
            ("cierre_previsto", Some(CloseDate)),
            ("probabilidad", Some(Probability)),
            ("Próximo paso", Some(NextStep)),
            ("Data de fechamento", Some(CloseDate)),
            ("Responsável", Some(Owner)),
            ("Nom de l'opportunité", Some(Name)),
            ("Date de clôture", Some(CloseDate)),
            ("Étape", Some(Stage)),
            ("Abschlussdatum", Some(CloseDate)),
            ("Nächster Schritt", Some(NextStep)),
            ("Währung", Some(Currency)),
            ("Importo", Some(Amount)),
            ("Probabilità", Some(Probability)),
            ("Стадия сделки", Some(Stage)),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(h, f)| field_for_header(k, h) != *f)
            .map(|(h, f)| format!("{h}: expected {f:?}, got {:?}", field_for_header(k, h)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn qualified_names_match_by_meaning() {
        let k = ImportKind::Deals;
        for header in [
            "amount_usd",
            "revenue_amount",
            "importe_eur",
            "expected_amount",
            "Sales Amount",
            "Total Price",
            "OPPORTUNITY",
            "Est. Revenue",
            "Amount (EUR)",
            "deal_amount_gbp",
            "Amount in USD",
            "Total Amount",
            "invoice_amount_usd",
            " invoice_amount_local ",
        ] {
            assert_eq!(field_for_header(k, header), Some(Field::Amount), "{header}");
        }
        // Words that only look like qualifiers leave other headers alone.
        for header in [
            "days_in_stage",
            "Amount Tier",
            "Age in Days",
            "premium_amount",
            "Total",
        ] {
            assert_eq!(field_for_header(k, header), None, "{header}");
        }
        assert_eq!(
            field_for_header(k, "Opportunity Owner Alias"),
            Some(Field::Owner)
        );
        assert_eq!(field_for_header(k, "Potential ID"), Some(Field::ExternalId));
        assert_eq!(
            field_for_header(ImportKind::Reps, "Title"),
            Some(Field::Role)
        );
    }

    fn suggested(headers: &[&str], columns: &[&[&str]]) -> Vec<(String, Field)> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let cells: Vec<Vec<Cell>> = columns
            .iter()
            .map(|c| c.iter().map(|v| Cell::Text((*v).into())).collect())
            .collect();
        let sample = |c: u32| match cells.get(c as usize) {
            Some(col) => col.iter().collect(),
            None => Vec::new(),
        };
        suggest(ImportKind::Deals, &headers, sample)
            .into_iter()
            .filter_map(|a| Some((headers[a.column as usize].clone(), a.field?)))
            .collect()
    }

    #[test]
    fn the_plain_deal_value_wins() {
        let got = suggested(
            &["Expected Revenue", "Amount", "Name"],
            &[&["$33,500.00"], &["$22,700.00"], &["Lewis, James"]],
        );
        assert_eq!(
            got,
            [
                ("Amount".into(), Field::Amount),
                ("Name".into(), Field::Name)
            ]
        );
        let got = suggested(
            &["deal_id", "invoice_amount_usd", "amount_usd", "currency"],
            &[&["D-1"], &["Sin_Factura"], &["65563"], &["Sin_Factura"]],
        );
        // The header names the currency: the invoice's currency column is left alone.
        assert_eq!(
            got,
            [
                ("deal_id".into(), Field::ExternalId),
                ("amount_usd".into(), Field::Amount)
            ]
        );
        // Insurance: the broker's revenue is the deal's value, not the premium.
        let got = suggested(
            &["premium_amount", "revenue_amount"],
            &[&["8000000"], &["400000"]],
        );
        assert_eq!(got, [("revenue_amount".into(), Field::Amount)]);
    }

    #[test]
    fn values_must_fit_a_strict_field() {
        // Odoo labels the deal's name "Opportunity"; Bitrix24's OPPORTUNITY is its value.
        let got = suggested(
            &["Opportunity", "Customer"],
            &[&["Office chairs", "Desks"], &["Acme", "Beta"]],
        );
        assert_eq!(got, [("Customer".into(), Field::Account)]);
        let got = suggested(&["TITLE", "OPPORTUNITY"], &[&["Deal #1"], &["100000.00"]]);
        assert_eq!(
            got,
            [
                ("TITLE".into(), Field::Name),
                ("OPPORTUNITY".into(), Field::Amount)
            ]
        );
        // SugarCRM writes -99 for the default currency: not a code.
        let got = suggested(&["name", "currency_id"], &[&["A"], &["-99"]]);
        assert_eq!(got, [("name".into(), Field::Name)]);
    }
}
