"""Reads the official ParallelCluster schema sources with `ast` (never importing them): the literal values of
constants and enums (Evaluator) and the marshmallow schema classes (SchemaReader). Used by generate-config-schema.py."""
import ast
import os

from schema_targets import FIELD_TYPES


class Unresolved(Exception):
    pass


class Evaluator:
    """Evaluates the literal subset of Python the official constant and schema files use."""

    def __init__(self):
        self.names = {}
        self.enums = {}

    def eval(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [self.eval(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            return {self.eval(k): self.eval(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            raise Unresolved(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                   ast.Pow: lambda a, b: a ** b, ast.Mod: lambda a, b: a % b}
            return ops[type(node.op)](left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1:
            return len(self.eval(node.args[0]))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        if isinstance(node, ast.JoinedStr):
            out = []
            for part in node.values:
                out.append(str(self.eval(part.value)) if isinstance(part, ast.FormattedValue) else part.value)
            return "".join(out)
        if isinstance(node, ast.ListComp):
            # [x.value for x in SomeEnum]
            gen = node.generators[0]
            if isinstance(gen.iter, ast.Name) and gen.iter.id in self.enums:
                return list(self.enums[gen.iter.id])
        raise Unresolved(ast.dump(node)[:80])

    def load_assignments(self, tree):
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) >= 1:
                try:
                    value = self.eval(stmt.value)
                except (Unresolved, KeyError, TypeError):
                    continue
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.names[target.id] = value

    def load_enums(self, tree):
        for stmt in tree.body:
            if isinstance(stmt, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "Enum" for b in stmt.bases):
                values = []
                for s in stmt.body:
                    if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant):
                        values.append(s.value.value)
                self.enums[stmt.name] = values


def pascal(snake):
    # pcluster.utils.to_pascal_case: "".join(word.title() for word in snake.split("_"))
    return "".join(word.title() for word in snake.split("_"))


def call_name(node):
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


class SchemaReader:
    def __init__(self, src, ev):
        self.src = src
        self.ev = ev
        self.classes = {}  # schema id -> (file, ClassDef)
        self.namespaces = {}  # file -> {name visible in that file -> schema id}

    def read(self, rel):
        path = os.path.join(self.src, rel)
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), filename=rel)
        return tree

    def add_schema_file(self, rel, tree):
        ns = self.namespaces.setdefault(rel, {})
        for stmt in tree.body:
            if isinstance(stmt, ast.ClassDef):
                sid = stmt.name if stmt.name not in self.classes else f"{os.path.basename(rel)[:-3]}.{stmt.name}"
                self.classes[sid] = (rel, stmt)
                ns[stmt.name] = sid
        for stmt in tree.body:
            # from pcluster.schemas.common_schema import ImdsSchema as TopLevelImdsSchema
            if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.module.startswith("pcluster.schemas."):
                other = stmt.module.replace(".", "/") + ".py"
                for alias in stmt.names:
                    target = self.namespaces.get(other, {}).get(alias.name)
                    if target:
                        visible = alias.asname or alias.name
                        if alias.asname and target != alias.asname and alias.asname not in self.classes:
                            self.classes[alias.asname] = self.classes[target]
                            target = alias.asname
                        ns[visible] = target

    def resolve(self, rel, name):
        return self.namespaces.get(rel, {}).get(name, name)

    # --- validators -------------------------------------------------------------------------------------------
    def validators(self, node, into):
        """Fill `into` with the constraints of a marshmallow `validate=` argument."""
        if node is None:
            return
        if isinstance(node, ast.BoolOp):
            # `validate=A and B` is Python's `and` of two (truthy) validator objects: marshmallow gets only the last
            # one (`or`: the first). The table records what ParallelCluster really applies.
            self.validators(node.values[-1] if isinstance(node.op, ast.And) else node.values[0], into)
            return
        name = call_name(node)
        if isinstance(node, ast.Call) and name == "And":
            for a in node.args:
                self.validators(a, into)
            return
        if isinstance(node, (ast.List, ast.Tuple)):
            for a in node.elts:
                self.validators(a, into)
            return
        if isinstance(node, ast.Call) and name == "get_field_validator":
            key = self.ev.eval(node.args[0])
            allowed = self.ev.names["ALLOWED_VALUES"][key]
            if isinstance(allowed, list):
                into["enum"] = allowed
            else:
                into["pattern"] = allowed
            into["validator"] = f"get_field_validator('{key}')"
            return
        if isinstance(node, ast.Name) and node.id == "is_cidr_or_prefix_list":
            allowed = self.ev.names["ALLOWED_VALUES"]
            into["patternAny"] = [allowed["cidr"], allowed["prefix-list"]]
            into["validator"] = "is_cidr_or_prefix_list"
            return
        if not isinstance(node, ast.Call):
            raise Unresolved("validator " + ast.dump(node)[:80])
        kw = {k.arg: k.value for k in node.keywords}
        if name == "OneOf":
            into["enum"] = self.ev.eval(node.args[0])
        elif name == "Regexp":
            into["pattern"] = self.ev.eval(node.args[0])
        elif name == "Range":
            rng = {}
            for k in ("min", "max"):
                if k in kw:
                    rng[k] = self.ev.eval(kw[k])
            for k in ("min_inclusive", "max_inclusive"):
                if k in kw:
                    rng[k] = self.ev.eval(kw[k])
            into["range"] = rng
        elif name == "Length":
            ln = {}
            for k in ("min", "max", "equal"):
                if k in kw:
                    ln[k] = self.ev.eval(kw[k])
            into["length"] = ln
        else:
            raise Unresolved("validator " + name)
        if "error" in kw:
            into["error"] = self.ev.eval(kw["error"])

    # --- fields -----------------------------------------------------------------------------------------------
    def field(self, attr, call, rel):
        kind = call_name(call)
        kw = {k.arg: k.value for k in call.keywords}
        row = {"attr": attr}
        row["key"] = self.ev.eval(kw["data_key"]) if "data_key" in kw else pascal(attr)
        row["line"] = f"{os.path.basename(rel)}:{call.lineno}"
        if kind == "OneOrManyCustomActionField":
            row["type"] = "customAction"
            row["schema"] = "CustomActionScriptSchema"
        elif kind in FIELD_TYPES:
            row["type"] = FIELD_TYPES[kind]
        else:
            raise Unresolved(f"field type {kind} ({rel}:{call.lineno})")
        if row["type"] == "nested":
            row["schema"] = self.resolve(rel, call.args[0].id)
            row["many"] = bool(self.ev.eval(kw["many"])) if "many" in kw else False
        if row["type"] == "list":
            inner = call.args[0]
            inner_kind = call_name(inner)
            item = {"type": FIELD_TYPES[inner_kind]}
            if isinstance(inner, ast.Call):
                ikw = {k.arg: k.value for k in inner.keywords}
                self.validators(ikw.get("validate"), item)
                if item["type"] == "nested":
                    # fields.List(fields.Nested(TagSchema)): a list of sections of that schema
                    item["schema"] = self.resolve(rel, inner.args[0].id)
            row["item"] = item
        row["required"] = bool(self.ev.eval(kw["required"])) if "required" in kw else False
        self.validators(kw.get("validate"), row)
        return row

    def own_fields(self, cls, rel):
        out = []
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and len(stmt.targets) == 1:
                kind = call_name(stmt.value)
                if kind in FIELD_TYPES or kind == "OneOrManyCustomActionField":
                    out.append(self.field(stmt.targets[0].id, stmt.value, rel))
        return out

    def own_rules(self, cls, rel):
        rules = []
        for stmt in cls.body:
            if not isinstance(stmt, ast.FunctionDef):
                continue
            deco = None
            for d in stmt.decorator_list:
                n = call_name(d)
                if n in ("validates_schema", "validates"):
                    deco = (n, [self.ev.eval(a) for a in d.args] if isinstance(d, ast.Call) else [])
            if deco is None:
                continue
            rule = {"method": stmt.name, "kind": deco[0], "line": f"{os.path.basename(rel)}:{stmt.lineno}"}
            if deco[1]:
                rule["field"] = deco[1][0]
            groups, lists, messages = [], [], []
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call) and call_name(node) == "fields_coexist":
                    kw = {k.arg: k.value for k in node.keywords}
                    groups.append({
                        "fields": self.ev.eval(node.args[1]),
                        "oneRequired": bool(self.ev.eval(kw["one_required"])) if "one_required" in kw else False,
                    })
                elif isinstance(node, ast.List) and node.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                    lists.append([e.value for e in node.elts])
                elif isinstance(node, ast.Call) and call_name(node) == "ValidationError":
                    arg = node.args[0] if node.args else {k.arg: k.value for k in node.keywords}.get("message")
                    if isinstance(arg, ast.Constant):
                        messages.append(arg.value)
                    elif isinstance(arg, ast.JoinedStr):
                        messages.append("".join(p.value if isinstance(p, ast.Constant) else "{}" for p in arg.values))
            if groups:
                rule["groups"] = groups
            lists = [l for l in lists if not any(l == g["fields"] for g in groups)]
            if lists:
                rule["lists"] = lists
            if messages:
                rule["messages"] = messages
            rules.append(rule)
        return rules

    def schema(self, name, seen=None):
        """Fields and rules of a schema class, inherited ones first (marshmallow: subclass fields override)."""
        rel, cls = self.classes[name]
        fields, rules = [], []
        for base in cls.bases:
            bname = self.resolve(rel, call_name(base))
            if bname in self.classes:
                bf, br = self.schema(bname)
                fields.extend(bf)
                rules.extend(br)
        for f in self.own_fields(cls, rel):
            fields = [x for x in fields if x["attr"] != f["attr"]]
            fields.append(f)
        own_rules = self.own_rules(cls, rel)
        names = {r["method"] for r in own_rules}
        rules = [r for r in rules if r["method"] not in names] + own_rules
        return fields, rules


def custom_action_schema(reader):
    """The dynamic schema OneOrManyCustomActionField builds (Script required, Args list of strings)."""
    rel, cls = reader.classes["OneOrManyCustomActionField"]
    fields = []
    for node in ast.walk(cls):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and isinstance(v, ast.Call) and call_name(v) in FIELD_TYPES:
                    fields.append(reader.field(k.value, v, rel))
    return fields, [{"method": "_deserialize", "kind": "field", "line": f"{os.path.basename(rel)}:{cls.lineno}",
                     "lists": [["Script", "Sequence"]],
                     "messages": ["Both Script and Sequence fields are provided. Only one is allowed.",
                                  "Either Script or Sequence field must be provided."]}]
