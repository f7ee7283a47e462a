-- check_grain: lines that repeat the fields which together name one row of the file (contacts.csv: one row per
-- respondent and channel, several contacts on one channel counted in contacts_needed).
-- grain: one row per repeated combination, with the lines that repeat it (the first is named in the problem).
-- params: $fields (the file's grain, from contract.GRAINS, in the file's column order); reads the registered
--         view raw_upload. A line with a blank in its grain is left to check_cells (required fields).
with keyed as (
    select
        line_no,
        [*columns(lambda c: list_contains($fields, c))] as grain
    from raw_upload
),

final as (
    select
        $fields[len($fields)] as field,
        count(*) - 1 as cells,
        list(line_no order by line_no)[2:6] as lines,
        list(array_to_string(grain, ', ') order by line_no)[2:6] as line_values,
        'repeats the ' || array_to_string($fields, ' and ') || ' of line ' || min(line_no)
        || ': the file holds one row per ' || array_to_string($fields, ' and ') as problem
    from keyed
    where len(list_filter(grain, lambda v: v is not null)) = len($fields)
    group by grain
    having count(*) > 1
)

select * from final order by lines[1]
