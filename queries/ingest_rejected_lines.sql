-- ingest_rejected_lines: the lines of an upload that cannot be imported: a cell breaks its field's rule (the
-- rules of check_cells, which reports only the first lines of each problem), or the row repeats an id seen
-- on an earlier line (the first one is kept).
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
        case
            when cells.value is null then rules.required
            when rules.kind = 'enum' and not list_contains(rules.allowed, cells.value) then true
            when rules.kind = 'multi' and not list_has_all(rules.allowed, string_split(cells.value, ';')) then true
            when rules.kind = 'boolean' and cells.value not in ('true', 'false') then true
            when rules.kind = 'integer' and not regexp_full_match(cells.value, '[+-]?[0-9]{1,18}') then true
            when rules.kind = 'number' and not coalesce(isfinite(try_cast(cells.value as double)), false) then true
            when rules.kind = 'timestamp' and try_cast(cells.value as timestamp) is null then true
            when rules.exclusive_min and try_cast(cells.value as double) <= rules.min_value then true
            when try_cast(cells.value as double) < rules.min_value then true
            when try_cast(cells.value as double) > rules.max_value then true
            else false
        end
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
