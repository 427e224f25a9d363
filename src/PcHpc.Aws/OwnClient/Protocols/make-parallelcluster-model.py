#!/usr/bin/env python3
"""Derives src/PcHpc.Aws/OwnClient/Protocols/Models/parallelcluster.json (botocore-format, protocol rest-json) from
ParallelCluster.openapi.yaml for the operations PcHpc calls.

Usage: python3 src/PcHpc.Aws/OwnClient/Protocols/make-parallelcluster-model.py ../shared/parallelcluster/ParallelCluster.openapi.yaml \
           > src/PcHpc.Aws/OwnClient/Protocols/Models/parallelcluster.json

PcHpc extensions: a query member may carry "joinWith" (list items sent as one value joined by it); a member may carry "aliases": [...] (other wire spellings the parser also accepts). The spec spells
the stack status "cloudFormationStackStatus" in some schemas and "cloudformationStackStatus" in others; every
such member is named cloudFormationStackStatus(Reason) with the other spelling as alias, so callers read one name.
"""
import json, sys, yaml

OPS = ["CreateCluster", "ListClusters", "DescribeCluster", "UpdateCluster", "DeleteCluster", "DescribeComputeFleet",
       "UpdateComputeFleet", "DescribeClusterInstances", "DeleteClusterInstances", "ListClusterLogStreams",
       "GetClusterLogEvents", "GetClusterStackEvents", "ListOfficialImages", "BuildImage", "ListImages", "DescribeImage",
       "DeleteImage", "ListImageLogStreams", "GetImageLogEvents", "GetImageStackEvents"]
ALIASES = {"cloudformationStackStatus": "cloudFormationStackStatus",
           "cloudformationStackStatusReason": "cloudFormationStackStatusReason"}

spec = yaml.safe_load(open(sys.argv[1]))
schemas = spec["components"]["schemas"]
shapes = {}

def ref_name(ref):
    return ref.split("/")[-1]

def scalar_shape(schema, hint):
    t = schema.get("type", "string")
    if t == "string" and schema.get("format") == "date-time":
        name = "Timestamp"
        shapes[name] = {"type": "timestamp", "timestampFormat": "iso8601"}
    elif t == "string":
        name = "String"
        shapes[name] = {"type": "string"}
    elif t == "integer":
        name = "Integer"
        shapes[name] = {"type": "integer"}
    elif t == "number":
        name = "Double"
        shapes[name] = {"type": "double"}
    elif t == "boolean":
        name = "Boolean"
        shapes[name] = {"type": "boolean"}
    else:
        raise SystemExit("unsupported scalar %r in %s" % (schema, hint))
    return name

def shape_for(schema, hint):
    """Returns the shape name for a schema, adding shapes as needed."""
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        if name not in shapes:
            shapes[name] = None  # recursion guard
            shapes[name] = build(schemas[name], name)
        return name
    t = schema.get("type")
    if t == "object" or "properties" in schema:
        shapes[hint] = build(schema, hint)
        return hint
    if t == "array":
        shapes[hint] = build(schema, hint)
        return hint
    if "enum" in schema:
        shapes[hint] = {"type": "string", "enum": schema["enum"]}
        return hint
    return scalar_shape(schema, hint)

def build(schema, name):
    t = schema.get("type", "object")
    if "enum" in schema:
        return {"type": "string", "enum": schema["enum"]}
    if t == "array":
        return {"type": "list", "member": {"shape": shape_for(schema["items"], name + "Member")}}
    if t == "object":
        if "additionalProperties" in schema and "properties" not in schema:
            return {"type": "map", "key": {"shape": "String"}, "value": {"shape": shape_for(schema["additionalProperties"], name + "Value")}}
        members = {}
        for prop, ps in (schema.get("properties") or {}).items():
            canonical = ALIASES.get(prop, prop)
            m = {"shape": shape_for(ps, name + prop[0].upper() + prop[1:])}
            if canonical != prop:
                m["locationName"] = prop
                m["aliases"] = [canonical]
            elif prop in ALIASES.values():
                m["aliases"] = [k for k, v in ALIASES.items() if v == prop]
            members[canonical] = m
        out = {"type": "structure", "members": members}
        req = [ALIASES.get(r, r) for r in schema.get("required", [])]
        if req:
            out["required"] = req
        return out
    return {"type": scalar_shape(schema, name).lower()}

shapes["String"] = {"type": "string"}
operations = {}
for path, item in spec["paths"].items():
    for method, op in item.items():
        if not isinstance(op, dict) or op.get("operationId") not in OPS:
            continue
        name = op["operationId"]
        members = {}
        for p in op.get("parameters", []):
            loc = {"path": "uri", "query": "querystring", "header": "header"}[p["in"]]
            m = {"shape": shape_for(p["schema"], name + "Request" + p["name"][0].upper() + p["name"][1:]),
                 "location": loc, "locationName": p["name"]}
            if p.get("style") == "spaceDelimited" and not p.get("explode", False):
                m["joinWith"] = " "   # PcHpc extension: one query value, items joined (OpenAPI spaceDelimited)
            elif p.get("schema", {}).get("type") == "array" and p.get("style", "form") == "form" and p.get("explode") is False:
                m["joinWith"] = ","
            members[p["name"]] = m
        required = [p["name"] for p in op.get("parameters", []) if p.get("required")]
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if body:
            bshape = schemas[ref_name(body["$ref"])]
            for prop, ps in bshape.get("properties", {}).items():
                members[prop] = {"shape": shape_for(ps, name + "Request" + prop[0].upper() + prop[1:])}
            required += bshape.get("required", [])
        inp = {"type": "structure", "members": members}
        if required:
            inp["required"] = required
        shapes[name + "Request"] = inp
        ok = [c for c in op["responses"] if c.startswith("2")][0]
        out_schema = op["responses"][ok].get("content", {}).get("application/json", {}).get("schema")
        if out_schema is None:
            shapes[name + "Response"] = {"type": "structure", "members": {}}
            out_name = name + "Response"
        else:
            out_name = shape_for(out_schema, name + "Response")
        errors = []
        for code, resp in op["responses"].items():
            if code.startswith("2"):
                continue
            ename = ref_name(resp["content"]["application/json"]["schema"]["$ref"])
            shape_for({"$ref": "#/components/schemas/" + ename}, ename)
            shapes[ename] = dict(shapes[ename], exception=True,
                                 error={"code": ename.replace("ResponseContent", ""), "httpStatusCode": int(code)})
            errors.append({"shape": ename})
        operations[name] = {"name": name, "http": {"method": method.upper(), "requestUri": path, "responseCode": int(ok)},
                            "input": {"shape": name + "Request"}, "output": {"shape": out_name}, "errors": errors}

missing = set(OPS) - set(operations)
if missing:
    raise SystemExit("operations not in the spec: %s" % sorted(missing))
model = {
    "version": "2.0",
    "metadata": {"apiVersion": spec["info"]["version"], "protocol": "rest-json", "protocols": ["rest-json"],
                 "serviceId": "ParallelCluster", "endpointPrefix": "execute-api", "signingName": "execute-api",
                 "signatureVersion": "v4", "_source": "ParallelCluster.openapi.yaml " + spec["info"]["version"]},
    "operations": dict(sorted(operations.items())),
    "shapes": dict(sorted(shapes.items())),
    "pagination": {
        "ListClusters": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "clusters"},
        "DescribeClusterInstances": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "instances"},
        "ListClusterLogStreams": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "logStreams"},
        "GetClusterStackEvents": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "events"},
        "ListImages": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "images"},
        "ListImageLogStreams": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "logStreams"},
        "GetImageStackEvents": {"input_token": "nextToken", "output_token": "nextToken", "result_key": "events"},
    },
}
print(json.dumps(model, indent=2, ensure_ascii=False))
