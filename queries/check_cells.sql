-- check_cells: cells of the file being loaded that break the contract's rule for their field.
-- each distinct answer of a field is checked once (a survey repeats its answers), then found on its lines.
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

answers as (
    select distinct field, value from cells
),

wrong as (
    select
        answers.field,
        answers.value,
        cell_problem(
            answers.value, rules.required, rules.kind, rules.allowed, rules.exclusive_min, rules.min_value,
            rules.max_value
        ) as problem
    from answers
    inner join rules on answers.field = rules.field
    where problem is not null
),

checked as (
    select cells.line_no, cells.field, cells.value, wrong.problem
    from cells
    inner join wrong on cells.field = wrong.field and cells.value is not distinct from wrong.value
),

final as (
    select
        field,
        problem,
        count(*) as cells,
        list(line_no order by line_no)[1:5] as lines,
        list(value order by line_no)[1:5] as line_values
    from checked
    group by field, problem
)

select * from final order by lines[1], field
