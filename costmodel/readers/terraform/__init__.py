"""Terraform plans into the resource graph, and Infracost usage files into indexplan's usage.

`read_plan(path)` is the entry point (`indexplan estimate --from-terraform-plan`, compare, and
diff to come); `plan.py` has the format, `names.py` the bridge's naming rules, `values.py`
the planned values as inputs, `infracost_usage.py` the usage file.
"""

from costmodel.readers.terraform.plan import TerraformPlan, read_plan

__all__ = ["TerraformPlan", "read_plan"]
