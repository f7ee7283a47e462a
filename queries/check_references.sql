-- check_references: cells that must name a row of the parent file (a contact's respondent, a probe's
-- brand) but name none.
-- grain: one row per field, with the number of cells, the first five lines and their values.
-- params: $file (contract file name of the child); reads the registered views raw_upload (child rows)
--         and raw_parent (parent rows).
with refs as (
    select field, parent_file from contract_fields where file = $file and parent_file is not null
),

child_cells as (
    unpivot raw_upload
    on columns(* exclude (line_no))
    into name field value value
),

parent_cells as (
    unpivot raw_parent
    on columns(* exclude (line_no))
    into name field value value
),

parent_keys as (
    select distinct parent_cells.value
    from parent_cells
    inner join contract_fields as keys
        on parent_cells.field = keys.field and keys.is_unique
    inner join refs on keys.file = refs.parent_file
),

orphans as (
    select child_cells.line_no, child_cells.field, child_cells.value, refs.parent_file
    from child_cells
    inner join refs on child_cells.field = refs.field
    anti join parent_keys on child_cells.value = parent_keys.value
),

final as (
    select
        field,
        'does not match any row of ' || any_value(parent_file) as problem,
        count(*) as cells,
        list(line_no order by line_no)[1:5] as lines,
        list(value order by line_no)[1:5] as line_values
    from orphans
    group by field
)

select * from final
