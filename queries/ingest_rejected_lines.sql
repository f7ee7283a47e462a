-- ingest_rejected_lines: the lines of an upload that cannot be imported: a cell breaks its field's rule
-- (cell_problem, as check_cells, which reports only the first lines of each problem), or the row repeats an
-- id seen on an earlier line (the first one is kept).
-- grain: one row per rejected line.
-- params: $file (contract file name); reads the registered view raw_upload (text columns plus line_no).
with cells as (
    from raw_upload
    unpivot include nulls (value for field in (columns(* exclude (line_no))))
),

rules as (
    select * from contract_fields where file = $file
),

bad_cells as (
    select cells.line_no
    from cells
    inner join rules on cells.field = rules.field
    where
        cell_problem(
            cells.value, rules.required, rules.kind, rules.allowed, rules.exclusive_min, rules.min_value,
            rules.max_value
        ) is not null
),

numbered as (
    select
        cells.line_no,
        row_number() over (partition by cells.field, cells.value order by cells.line_no) as nth
    from cells
    inner join rules on cells.field = rules.field and rules.is_unique
    where cells.value is not null
),

rejected as (
    select line_no from bad_cells
    union
    select line_no from numbered where nth > 1
),

final as (
    select line_no from rejected
)

select * from final order by line_no
