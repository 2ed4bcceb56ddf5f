//! The scaling calculator's commands (docs/method.md §6): readiness from
//! the workspace with any input overridden, the hiring plan, and the plan
//! as a workbook with live formulas.
use super::{ApiResult, Download};
use crate::scaling::facts::{self, Facts};
use crate::scaling::report::{self, Computed};
use crate::scaling::{plan, ScalePlan, ScalePlanRequest, ScaleReport, ScaleRequest};
use crate::store::Workspace;

/// The workspace's facts, kept while its data stays the same (the Scale
/// page asks again on every edit of an input).
fn kept_facts(ws: &Workspace) -> crate::error::Result<Facts> {
    ws.kept("scale_facts".into(), facts::read)
}

fn computed(ws: &Workspace, req: &ScaleRequest) -> crate::error::Result<(Facts, Computed)> {
    let f = kept_facts(ws)?;
    let c = report::compute(&f, req, ws.today())?;
    Ok((f, c))
}

/// Should the team hire now: inputs, capacity, checks, verdict, stage, span.
pub fn scale_readiness(ws: &Workspace, req: ScaleRequest) -> ApiResult<ScaleReport> {
    Ok(computed(ws, &req)?.1.report)
}

/// The hiring plan month by month.
pub fn scale_plan(ws: &Workspace, req: ScalePlanRequest) -> ApiResult<ScalePlan> {
    let (f, c) = computed(ws, &req.inputs)?;
    Ok(plan::make(&f, &c.derived, c.capacity.as_ref(), &req)?)
}

/// The plan as a workbook: assumptions as named cells, the plan as live
/// formulas over them.
pub fn scale_xlsx(ws: &Workspace, req: ScalePlanRequest) -> ApiResult<Download> {
    let (f, c) = computed(ws, &req.inputs)?;
    let p = plan::make(&f, &c.derived, c.capacity.as_ref(), &req)?;
    Ok(Download {
        file_name: format!("Scaling plan {}.xlsx", c.report.as_of),
        bytes: crate::export::scale::workbook(&c.report, &p)?,
    })
}
