-- check_cells: cells of the file being loaded that break the contract's rule for their field.
-- grain: one row per field and problem, with the number of cells, the first lines and an example value.
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
        case
            when cells.value is null then
                case when rules.required then 'is required but blank' end
            when rules.kind = 'enum' and not list_contains(rules.allowed, cells.value) then
                'must be one of: ' || array_to_string(rules.allowed, ', ')
            when rules.kind = 'multi' and not list_has_all(rules.allowed, string_split(cells.value, ';')) then
                'must be values from: ' || array_to_string(rules.allowed, ', ') || ' (separated by ;)'
            when rules.kind = 'boolean' and cells.value not in ('true', 'false') then
                'must be true or false'
            when rules.kind = 'integer' and not regexp_full_match(cells.value, '[+-]?[0-9]{1,18}') then
                'must be a whole number'
            when rules.kind = 'number' and not coalesce(isfinite(try_cast(cells.value as double)), false) then
                'must be a number'
            when rules.kind = 'timestamp' and try_cast(cells.value as timestamp) is null then
                'must be a date and time such as 2011-09-05T10:30:00'
            when rules.exclusive_min and try_cast(cells.value as double) <= rules.min_value then
                'must be greater than ' || rules.min_value::bigint
            when try_cast(cells.value as double) < rules.min_value then
                'must be at least ' || rules.min_value::bigint
            when try_cast(cells.value as double) > rules.max_value then
                'must be at most ' || rules.max_value::bigint
        end as problem
    from cells
    inner join rules on cells.field = rules.field
),

final as (
    select
        field,
        problem,
        count(*) as cells,
        list(line_no order by line_no)[1:5] as lines,
        arg_min(value, line_no) as example
    from checked
    where problem is not null
    group by field, problem
)

select * from final order by lines[1], field
