"""What the test modules themselves cost every test process (each imports all of them)."""


def test_no_test_module_loads_a_provider_sdk_at_collection(request):
    # One that imports the program's modules at collection loads their provider SDKs whole
    # (pulumi_cloudflare: ~780 modules, ~5 s of CPU per test process), and that process's
    # graph builds then use the whole package instead of loading it on demand. Import them
    # inside the tests, under indexplan.sdk_on_demand's on_demand(), as
    # tests/infra/test_infra_private_index.py does. (The list is made in tests/conftest.py.)
    assert request.config.sdks_loaded_at_collection == []
