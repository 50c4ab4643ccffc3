//! The week-start pass's branch-free functions against the scalar ones.

#[path = "../common/branch_free.rs"]
mod branch_free;

#[test]
fn the_branch_free_forms_give_the_scalar_bits() {
    branch_free::check();
}
