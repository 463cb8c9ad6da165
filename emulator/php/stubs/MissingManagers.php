<?php

declare(strict_types=1);

// The official stubs' managers for object kinds symemu's kernel does not have yet: scripts,
// events, media, links, presentation templates and presentations, plus the Data Server. Each
// method a suite may call exists with the official signature. Questions about such objects get
// the truthful answer ("none exist"); anything that would need one fails with an exception
// naming the method, never silently (docs/phpunit-stubs.md lists them).

namespace IPS {

    // Throws the error every method symemu does not offer raises: it names the method and why.
    function notOffered(string $Method, string $Reason): never
    {
        throw new \Exception(sprintf('%s is not offered by symemu: %s (docs/phpunit-stubs.md)', $Method, $Reason));
    }

    class ScriptManager
    {
        private const WHY = 'symemu has no script objects yet';

        public static function createScript(int $ScriptID, int $ScriptType): void
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function deleteScript(int $ScriptID, bool $DeleteFile): void
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function setScriptFile(int $ScriptID, string $FilePath): void
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function setScriptContent(int $ScriptID, string $Content): void
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function scriptExists(int $ScriptID): bool
        {
            return false;
        }

        public static function checkScript(int $ScriptID): void
        {
            throw new \Exception(sprintf('Script #%d does not exist', $ScriptID));
        }

        public static function getScript(int $ScriptID): array
        {
            self::checkScript($ScriptID);
        }

        public static function getScriptList(): array
        {
            return [];
        }

        public static function getScriptFile(int $ScriptID): string
        {
            self::checkScript($ScriptID);
        }

        public static function getScriptContent(int $ScriptID): string
        {
            self::checkScript($ScriptID);
        }

        public static function reset()
        {
        }
    }

    class EventManager
    {
        public static function reset()
        {
        }
    }

    class MediaManager
    {
        public static function createMedia(int $MediaID, int $MediaType): void
        {
            notOffered(__METHOD__, 'symemu has no media objects yet');
        }

        public static function deleteMedia(int $MediaID, bool $DeleteFile): void
        {
            self::checkMedia($MediaID);
        }

        public static function mediaExists(int $MediaID): bool
        {
            return false;
        }

        public static function checkMedia(int $MediaID): void
        {
            throw new \Exception(sprintf('Media #%d does not exist', $MediaID));
        }

        public static function reset()
        {
        }
    }

    class LinkManager
    {
        public static function createLink(int $LinkID)
        {
            notOffered(__METHOD__, 'symemu has no link objects yet');
        }

        public static function deleteLink(int $LinkID)
        {
            self::checkLink($LinkID);
        }

        public static function getLink(int $LinkID)
        {
            self::checkLink($LinkID);
        }

        public static function getLinkIdByName(string $LinkName, int $ParentID)
        {
            throw new \Exception(sprintf('Link with name %s could not be found', $LinkName));
        }

        public static function getLinkList()
        {
            return [];
        }

        public static function linkExists(int $LinkID)
        {
            return false;
        }

        public static function setLinkTargetID(int $LinkID, int $TargetID)
        {
            self::checkLink($LinkID);
        }

        public static function reset()
        {
        }

        private static function checkLink(int $LinkID): void
        {
            throw new \Exception(sprintf('Link #%d does not exist', $LinkID));
        }
    }

    class TemplateManager
    {
        private const WHY = 'symemu has no presentation templates yet';

        public static function createTemplate(string $PresentationID): string
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function createTemplateEx(array $Template, bool $IsReadOnly = true): void
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function deleteTemplate(string $TemplateID): void
        {
            self::checkTemplate($TemplateID);
        }

        public static function setTemplateName(string $TemplateID, string $TemplateName): void
        {
            self::checkTemplate($TemplateID);
        }

        public static function setTemplateValues(string $TemplateID, array $Values): void
        {
            self::checkTemplate($TemplateID);
        }

        public static function templateExists(string $TemplateID): bool
        {
            return false;
        }

        public static function getTemplate(string $TemplateID): array
        {
            self::checkTemplate($TemplateID);
        }

        public static function getTemplateList(): array
        {
            return [];
        }

        public static function getTemplateListByPresentation(string $PresentationID): array
        {
            return [];
        }

        public static function reset(): void
        {
        }

        private static function checkTemplate(string $TemplateID): void
        {
            throw new \Exception(sprintf('Template #%s does not exist', $TemplateID));
        }
    }

    class PresentationPool
    {
        private const WHY = 'symemu has no variable presentations yet';

        public static function getDefaultParameters(array $Variable, string $GUID)
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function checkPresentation(string $GUID)
        {
            throw new \Exception(sprintf('Presentation %s does not exist', $GUID));
        }

        public static function getPresentations(): string
        {
            return '[]';
        }

        public static function getPresentation(string $GUID): array
        {
            self::checkPresentation($GUID);
        }

        public static function getPresentationForm(string $GUID, int $VariableType, array $Parameter): string
        {
            notOffered(__METHOD__, self::WHY);
        }

        public static function presentationExists(string $GUID): bool
        {
            return false;
        }

        public static function reset(): void
        {
        }
    }

    // The kernel's function list (IPS_FunctionExists, IPS_GetFunction, IPS_GetFunctionList).
    class DataServer
    {
        public static function functionExists(string $FunctionName): bool
        {
            return IPS_FunctionExists($FunctionName);
        }

        public static function getFunction(string $FunctionName): array
        {
            return IPS_GetFunction($FunctionName);
        }

        public static function getFunctionList(int $InstanceID): array
        {
            return IPS_GetFunctionList($InstanceID);
        }

        public static function getFunctionListByModuleID(string $ModuleID): array
        {
            notOffered(__METHOD__, 'use IPS_GetFunctionList with an instance of the module');
        }

        public static function getFunctions(array $Parameter): array
        {
            notOffered(__METHOD__, 'use IPS_GetFunction');
        }

        public static function getFunctionsMap(array $Parameter): array
        {
            notOffered(__METHOD__, 'use IPS_GetFunction');
        }
    }
}
