-- lock_down: after loading, no file or network access, no extension installs, no configuration changes.
-- grain: none (settings).
-- params: none
set enable_external_access = false;
set autoinstall_known_extensions = false;
set autoload_known_extensions = false;
set allow_community_extensions = false;
set lock_configuration = true;
