//! Scaling readiness and the hiring plan (issue 16, docs/method.md §6).
use crate::common::*;
use salesos::api::{self, Empty};

#[test]
fn probe_demo() {
    let t = TestWs::new();
    api::load_demo(&t.ws, Empty {}).unwrap();
    let r = api::scale_readiness(&t.ws, Default::default()).unwrap();
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
}
