//! Finding the header row and mapping columns to fields by header synonyms
//! across the common CRM exports (Salesforce, HubSpot, Pipedrive, Zoho,
//! home-grown sheets).
use super::model::{ColumnAssignment, Field, FieldInfo, ImportKind};
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
        ],
    }
}

pub fn info(kind: ImportKind, field: Field) -> FieldInfo {
    let (label, help) = match (kind, field) {
        (_, Field::ExternalId) => (
            "Deal ID",
            "The CRM's id; re-imports update the deal with the same id.",
        ),
        (ImportKind::Reps, Field::Name) => ("Rep name", "Matches the owner names on deals."),
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
    };
    FieldInfo {
        field,
        label: label.into(),
        help: help.into(),
    }
}

/// Header spellings per field, compared after `normalize` (lower case,
/// punctuation folded: "Deal - Title" → "deal title").
fn synonyms(kind: ImportKind, field: Field) -> &'static [&'static str] {
    match (kind, field) {
        (_, Field::ExternalId) => &[
            "id",
            "record id",
            "opportunity id",
            "deal id",
            "opportunity_id",
            "opp id",
            "crm id",
            "external id",
            "opportunity id 18",
            "deal record id",
            "record id deal",
        ],
        (ImportKind::Reps, Field::Name) => &[
            "name",
            "rep",
            "rep name",
            "full name",
            "sales agent",
            "sales rep",
            "employee",
            "user",
            "owner",
            "account executive",
            "seller",
        ],
        (_, Field::Name) => &[
            "opportunity name",
            "deal name",
            "deal title",
            "name",
            "opportunity",
            "deal",
            "title",
            "opportunity title",
            "deal name deal",
        ],
        (_, Field::Account) => &[
            "account name",
            "account",
            "company",
            "company name",
            "organization",
            "organisation",
            "deal organization",
            "organization name",
            "customer",
            "client",
            "associated company",
            "deal organization name",
            "account name deal",
        ],
        (_, Field::Owner) => &[
            "opportunity owner",
            "deal owner",
            "owner",
            "sales agent",
            "sales rep",
            "rep",
            "account executive",
            "ae",
            "assigned to",
            "owner name",
            "deal owner name",
            "salesperson",
            "seller",
            "user",
        ],
        (_, Field::Amount) => &[
            "amount",
            "deal value",
            "value",
            "deal amount",
            "close value",
            "opportunity amount",
            "amount converted",
            "total contract value",
            "tcv",
            "acv",
            "arr",
            "deal size",
            "revenue",
            "opportunity value",
            "deal value deal",
        ],
        (_, Field::Currency) => &[
            "currency",
            "opportunity currency",
            "amount currency",
            "deal currency",
            "currency code",
            "deal value currency",
            "currency deal",
        ],
        (_, Field::CloseDate) => &[
            "close date",
            "expected close date",
            "closing date",
            "closed date",
            "deal expected close date",
            "estimated close date",
            "close",
            "won time",
            "expected close",
            "close date deal",
        ],
        (_, Field::CreatedDate) => &[
            "created date",
            "create date",
            "created",
            "created on",
            "date created",
            "deal created",
            "deal created on",
            "engage date",
            "opportunity created date",
            "deal creation date",
            "create date deal",
            "created date deal",
        ],
        (_, Field::Stage) => &[
            "stage",
            "deal stage",
            "pipeline stage",
            "sales stage",
            "stage name",
            "opportunity stage",
            "deal stage deal",
        ],
        (_, Field::Status) => &[
            "status",
            "deal status",
            "outcome",
            "won lost",
            "opportunity status",
            "result",
        ],
        (_, Field::Risk) => &[
            "risk",
            "risk level",
            "forecast risk",
            "deal risk",
            "rag",
            "deal health",
            "health",
            "risk rating",
        ],
        (_, Field::NextStep) => &[
            "next step",
            "next steps",
            "next action",
            "next activity",
            "next step deal",
        ],
        (_, Field::LastActivity) => &[
            "last activity",
            "last activity date",
            "last activity date deal",
            "last contacted",
            "last touch",
            "last activity date opportunity",
        ],
        (_, Field::Probability) => &[
            "probability",
            "probability %",
            "deal probability",
            "win probability",
            "probability deal",
            "forecast probability",
        ],
        (_, Field::Product) => &[
            "product",
            "product name",
            "products",
            "line item",
            "line item name",
            "opportunity product",
            "opportunity product name",
            "product c",
            "product2 name",
            "item",
            "item name",
            "sku",
            "deal product",
            "product deal",
        ],
        (_, Field::LastModified) => &[
            "last modified",
            "last modified date",
            "lastmodifieddate",
            "lastmodifieddate c",
            "last modified time",
            "last modified on",
            "modified",
            "modified date",
            "modified time",
            "modified on",
            "modifiedon",
            "date modified",
            "date modify",
            "date_modify",
            "updated",
            "updated at",
            "updated on",
            "last updated",
            "last update",
            "update time",
            "deal update time",
            "hs lastmodifieddate",
            "write date",
            "systemmodstamp",
        ],
        (_, Field::Email) => &["email", "e mail", "email address", "work email", "mail"],
        (_, Field::Role) => &["role", "title", "job title", "position", "sales role"],
        (_, Field::Manager) => &[
            "manager",
            "reports to",
            "team lead",
            "line manager",
            "manager name",
        ],
        (_, Field::StartDate) => &[
            "start date",
            "hire date",
            "started",
            "start",
            "started on",
            "date hired",
        ],
        (_, Field::Quota) => &[
            "quota",
            "quarterly quota",
            "target",
            "goal",
            "quarter quota",
            "quota per quarter",
        ],
    }
}

/// The field a header names, if any.
pub fn field_for_header(kind: ImportKind, header: &str) -> Option<Field> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    fields(kind)
        .iter()
        .copied()
        .find(|f| synonyms(kind, *f).iter().any(|s| normalize(s) == h))
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

/// The suggested mapping: each field to the first column whose header names it.
pub fn suggest(kind: ImportKind, headers: &[String]) -> Vec<ColumnAssignment> {
    let mut taken = std::collections::HashSet::new();
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let field = field_for_header(kind, h).filter(|f| taken.insert(*f));
            ColumnAssignment {
                column: i as u32,
                field,
            }
        })
        .collect()
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
}
