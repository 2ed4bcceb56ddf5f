//! The spreadsheet formats SalesOS reads.

/// A file's format, as [`crate::sniff`] decides it from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Delimited,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel workbook (xlsx)",
            Format::Xlsb => "Excel binary workbook (xlsb)",
            Format::Xls => "Excel 97-2003 workbook (xls)",
            Format::Ods => "OpenDocument spreadsheet (ods)",
            Format::Delimited => "text file (csv/tsv)",
        }
    }
}
