-- check_cells: cells of the file being loaded that break the contract's rule for their field.
-- grain: one row per field and problem, with the number of cells, the first five lines and their values.
-- params: $file (contract file name, e.g. 'respondents.csv'); reads the registered view raw_upload
--         (every column text, blank = null, plus line_no).
with cells as (
    from raw_upload
    unpivot include nulls (value for field in (columns(* exclude (line_no))))
),

rules as (
    select * from contract_fields where file = $file
),

checked as (
    select
        cells.line_no,
        cells.field,
        cells.value,
        cell_problem(
            cells.value, rules.required, rules.kind, rules.allowed, rules.exclusive_min, rules.min_value,
            rules.max_value
        ) as problem
    from cells
    inner join rules on cells.field = rules.field
),

final as (
    select
        field,
        problem,
        count(*) as cells,
        list(line_no order by line_no)[1:5] as lines,
        list(value order by line_no)[1:5] as line_values
    from checked
    where problem is not null
    group by field, problem
)

select * from final order by lines[1], field
