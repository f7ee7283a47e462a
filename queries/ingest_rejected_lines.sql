-- ingest_rejected_lines: the lines of an upload that cannot be imported, and why: a cell breaks its field's rule
-- (cell_problem, as check_cells, which reports only the first lines of each problem), or the row repeats an
-- id seen on an earlier line (the first one is kept). What the rejected rows' file says of each line.
-- grain: one row per problem of a rejected line (a line may have several), ordered by line and field.
-- params: $file (contract file name); reads the registered view raw_upload (text columns plus line_no).
with cells as (
    from raw_upload
    unpivot include nulls (value for field in (columns(* exclude (line_no))))
),

rules as (
    select * from contract_fields where file = $file
),

wrong as (  -- each distinct answer of a field judged once (a survey repeats its answers)
    select
        answers.field,
        answers.value,
        cell_problem(
            answers.value, rules.required, rules.kind, rules.allowed, rules.exclusive_min, rules.min_value,
            rules.max_value
        ) as problem
    from (select distinct field, value from cells) as answers
    inner join rules on answers.field = rules.field
    where problem is not null
),

judged as (
    select cells.line_no, cells.field, cells.value, wrong.problem
    from cells
    inner join wrong on cells.field = wrong.field and cells.value is not distinct from wrong.value
),

numbered as (
    select
        cells.line_no,
        cells.field,
        cells.value,
        row_number() over (partition by cells.field, cells.value order by cells.line_no) as nth,
        min(cells.line_no) over (partition by cells.field, cells.value) as first_line
    from cells
    inner join rules on cells.field = rules.field and rules.is_unique
    where cells.value is not null
),

final as (
    select line_no, field, value, problem from judged
    union all
    select line_no, field, value, 'repeats the ' || field || ' of line ' || first_line || ', which must be unique'
    from numbered
    where nth > 1
)

select * from final order by line_no, field
