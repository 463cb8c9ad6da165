<?php
// Entry points the host calls from C++ (php_module.cpp). Each catches every Throwable and
// captures echoed output, so a fault ends only the call it happened in.

// Where an exception comes from as the module author sees it: the first place outside this prelude.
function __symemu_where(\Throwable $e): array
{
    if (!str_starts_with($e->getFile(), __DIR__ . '/')) {
        return [$e->getFile(), $e->getLine()];
    }
    foreach ($e->getTrace() as $frame) {
        if (isset($frame['file']) && !str_starts_with($frame['file'], __DIR__ . '/')) {
            return [$frame['file'], $frame['line'] ?? 0];
        }
    }
    return [$e->getFile(), $e->getLine()];
}

// Timer and script text (RegisterTimer, RegisterOnceTimer): run with $_IPS; compiled once per request.
function __symemu_script(string $Code, array $IPS): array
{
    static $compiled = [];
    ob_start();
    try {
        $body = preg_replace('/^\s*<\?(php)?/', '', $Code);
        $run = $compiled[$Code] ??= eval("return static function (array \$_IPS) {\n" . $body . "\n};");
        $result = $run($IPS);
        return [true, $result, ob_get_clean()];
    } catch (\Throwable $e) {
        $out = ob_get_clean();
        [$file, $line] = __symemu_where($e);
        return [false, get_class($e), $e->getMessage(), $file, $line, $out];
    }
}

// ProcessHookData with the request's superglobals; the body is php://input (set by the host).
// Answers with what the module echoed, its header() calls and http_response_code().
function __symemu_hook(string $Base, int $InstanceID, string $Class, array $Server, string $Body): array
{
    $saved = [$_SERVER, $_GET, $_POST, $_REQUEST];
    $_SERVER = $Server;
    parse_str($Server['QUERY_STRING'] ?? '', $get);
    $post = [];
    if (str_starts_with(strtolower($Server['CONTENT_TYPE'] ?? ''), 'application/x-www-form-urlencoded')) {
        parse_str($Body, $post);
    }
    $_GET = $get;
    $_POST = $post;
    $_REQUEST = $get + $post;
    try {
        $result = $Base::__symemuDispatch($InstanceID, $Class, 'ProcessHookData', []);
    } finally {
        [$_SERVER, $_GET, $_POST, $_REQUEST] = $saved;
    }
    return ['result' => $result, 'status' => http_response_code(), 'headers' => headers_list()];
}

// The public methods of a module class that become PREFIX_Name functions (docs/symcon-kernel.md §3.11),
// and whether it extends IPSModuleStrict. Null when the class is missing or has the wrong base.
function __symemu_inspect(string $Class): array
{
    if (!class_exists($Class, false)) {
        return ['error' => "class $Class is not defined"];
    }
    $strict = is_subclass_of($Class, 'IPSModuleStrict');
    if (!$strict && !is_subclass_of($Class, 'IPSModule')) {
        return ['error' => "class $Class does not extend IPSModule or IPSModuleStrict",
            'line' => (new ReflectionClass($Class))->getStartLine()];
    }
    $reserved = ['create', 'destroy', 'applychanges', 'receivedata', 'forwarddata', 'requestaction', 'messagesink',
        'getconfigurationform', 'getconfigurationforparent', 'translate', 'getcompatibleparents', 'migrate',
        'getproperty', 'setproperty', 'getconfiguration', 'setconfiguration', 'senddebug', 'processhookdata'];
    $methods = [];
    $class = new ReflectionClass($Class);
    foreach ($class->getMethods(ReflectionMethod::IS_PUBLIC) as $method) {
        $declaring = $method->getDeclaringClass()->getName();
        if ($declaring === 'IPSModule' || $declaring === 'IPSModuleStrict' || $method->isStatic()
            || str_starts_with($method->getName(), '__') || in_array(strtolower($method->getName()), $reserved, true)) {
            continue;
        }
        $methods[] = $method->getName();
    }
    return ['strict' => $strict, 'methods' => $methods, 'file' => $class->getFileName(), 'line' => $class->getStartLine()];
}
