-- check_unique: values of a unique field (an id) that appear on more than one line.
-- grain: one row per repeated value, with the lines that repeat it (the first line holding it is named in the
--        problem: an import keeps that one and leaves out the repeats).
-- params: $file (contract file name); reads the registered view raw_upload.
with cells as (
    unpivot raw_upload
    on columns(* exclude (line_no))
    into name field value value
),

keys as (
    select field from contract_fields where file = $file and is_unique
),

final as (
    select
        cells.field,
        count(*) - 1 as cells,
        list(cells.line_no order by cells.line_no)[2:6] as lines,
        list(cells.value order by cells.line_no)[2:6] as line_values,
        'repeats the ' || cells.field || ' of line ' || min(cells.line_no) || ', which must be unique' as problem
    from cells
    inner join keys on cells.field = keys.field
    group by cells.field, cells.value
    having count(*) > 1
)

select * from final order by lines[1]
