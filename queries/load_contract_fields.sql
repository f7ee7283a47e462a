-- load_contract_fields: insert the field rules of one contract file.
-- grain: one row per field of $file.
-- params: $file, $fields, $kinds, $required, $allowed, $min_values, $max_values, $exclusive_min,
--         $is_unique, $parent_files (parallel lists)
insert into contract_fields
select
    $file,
    unnest($fields::varchar[]),
    unnest($kinds::varchar[]),
    unnest($required::boolean[]),
    unnest($allowed::varchar[][]),
    unnest($min_values::double[]),
    unnest($max_values::double[]),
    unnest($exclusive_min::boolean[]),
    unnest($is_unique::boolean[]),
    unnest($parent_files::varchar[])
