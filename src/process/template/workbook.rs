//! The shape of the process template workbook: its sheet names, headers and
//! markers. SalesOS writes the workbook (`export::template`) and reads the
//! edited copy back (`import::template`); both take the shape from here.

/// Sheet names and header texts: the importer recognises the file by them.
pub const STAGES_SHEET: &str = "Stages";
pub const RISK_SHEET: &str = "Risk";
pub const MAPPING_SHEET: &str = "CRM stages";
pub const STAGES_HEADERS: [&str; 6] = [
    "#",
    "Stage",
    "Question it answers",
    "Exit criteria",
    "People involved",
    "Tools that get it",
];
pub const RISK_HEADERS: [&str; 6] = ["#", "Stage", "Red", "Orange", "Yellow", "Green"];
/// Starts each exit criterion's line in the criteria cell.
pub const BULLET: &str = "• ";
/// Starts the example part of a risk cell.
pub const EXAMPLE_PREFIX: &str = "Example: ";
/// Custom document property marking a template export (a hint only: apps
/// that re-save the file may drop it).
pub const MARKER_PROPERTY: &str = "SalesOS template";
